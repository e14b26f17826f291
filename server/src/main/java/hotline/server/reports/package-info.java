/**
 * The reports: {@code GET /api/reports} as JSON, CSV and PDF ({@link hotline.server.reports.ReportsApi}), over the
 * pure {@code orders.report} model and the Redis {@code dispatch.report} source.
 */
package hotline.server.reports;
