/**
 * The engine's mutable bookkeeping and indexes. Not API: only {@link hotline.routing.acd.AcdEngine} uses these, from
 * its single thread; none is thread-safe. Fields are public for the engine's speed and are changed only while the
 * object is outside every sorted index whose order depends on them.
 */
package hotline.routing.acd.internal;
