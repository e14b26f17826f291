/**
 * Typed configuration of the hotline: immutable {@code *Config} records, loaded and validated once at startup by
 * {@link hotline.config.HotlineConfigLoader} from the documented defaults file {@code hotline.conf}, an optional
 * file named by {@code HOTLINE_CONFIG} and {@code HOTLINE_*} environment variables.
 *
 * <p>Records are passed down through constructors; nothing here is a singleton. Records that hold secrets print
 * them as {@code ***}.
 */
package hotline.config;
