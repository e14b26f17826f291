/**
 * Finding work orders (查询工单): what a search text asks for ({@link hotline.orders.search.OrderQuery}), and which
 * loaded orders match, in which order, page by page ({@link hotline.orders.search.OrderFilter}). Pure: the store
 * reads the candidate orders from its indexes, this package decides.
 */
package hotline.orders.search;
