/**
 * Deadline arithmetic: the working calendar ({@link hotline.orders.deadline.WorkCalendar}: working hours,
 * holidays, make-up working days) and the deadlines and reminders per urgency tier
 * ({@link hotline.orders.deadline.WorkingTimeDeadlines}). Pure: JDK only, times come in as arguments.
 */
package hotline.orders.deadline;
