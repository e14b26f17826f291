/**
 * Unit performance: running tallies per unit ({@link hotline.orders.rating.UnitTally}, fed by
 * {@link hotline.orders.rating.TallyDelta}s from lifecycle events), the response, resolution and satisfaction rates
 * and a deterministic ranking ({@link hotline.orders.rating.Rating}). Pure: JDK only.
 */
package hotline.orders.rating;
