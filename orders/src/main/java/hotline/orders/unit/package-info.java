/**
 * Units by name: {@link hotline.orders.unit.UnitResolver} finds the unit a person or the draft extractor names
 * (id, name with its district in brackets of either width, name and district apart, a configured short name) in the
 * one unit directory, and says so when a plain name is ambiguous instead of picking one.
 *
 * <p>Pure: JDK only, no IO, no logging. Outcomes are values ({@link hotline.orders.unit.UnitMatch}).
 */
package hotline.orders.unit;
