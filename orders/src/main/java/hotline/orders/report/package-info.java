/**
 * Reports: the figures of a day, an ISO week or a month, computed from call facts and work orders. Pure: the data
 * and the time come in as values ({@link hotline.orders.report.ReportBuilder#build}), nothing is read or written.
 * The adapter that reads calls and orders from Redis lives in {@code dispatch.report}; the HTTP API, CSV and PDF in
 * {@code server}.
 */
package hotline.orders.report;
