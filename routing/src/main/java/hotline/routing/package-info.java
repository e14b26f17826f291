/**
 * The automatic call distributor (ACD) of the 12345 hall. The engine is {@link hotline.routing.acd.AcdEngine}: a pure
 * state machine (JDK only) that takes events and the current time and returns decisions and state-change events. See
 * {@code docs/routing.md}.
 */
package hotline.routing;
