package hotline.testkit.internal;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * An insertion-ordered map whose keys are looked up case-insensitively, as Asterisk matches AMI headers
 * ({@code astman_get_header()} uses {@code strncasecmp}). Asterisk-Java writes {@code action: Login} and
 * {@code actionid: ...}, Asterisk writes {@code Response:} and {@code ActionID:}: both must answer
 * {@code get("ActionID")}.
 * A key keeps the spelling of its first insertion. Not thread-safe.
 */
public final class HeaderMap extends AbstractMap<String, String> {

    private final LinkedHashMap<String, SimpleEntry<String, String>> entries = new LinkedHashMap<>();

    public HeaderMap() {
    }

    public HeaderMap(Map<String, String> source) {
        putAll(source);
    }

    private static String fold(Object key) {
        return key instanceof String s ? s.toLowerCase(Locale.ROOT) : null;
    }

    @Override
    public String get(Object key) {
        SimpleEntry<String, String> e = entries.get(fold(key));
        return e == null ? null : e.getValue();
    }

    @Override
    public boolean containsKey(Object key) {
        return entries.containsKey(fold(key));
    }

    @Override
    public String put(String key, String value) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        SimpleEntry<String, String> e = entries.get(fold(key));
        if (e != null) {
            return e.setValue(value);
        }
        entries.put(fold(key), new SimpleEntry<>(key, value));
        return null;
    }

    @Override
    public String remove(Object key) {
        SimpleEntry<String, String> e = entries.remove(fold(key));
        return e == null ? null : e.getValue();
    }

    @Override
    public int size() {
        return entries.size();
    }

    @Override
    public void clear() {
        entries.clear();
    }

    @Override
    public Set<Entry<String, String>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Entry<String, String>> iterator() {
                Iterator<SimpleEntry<String, String>> it = entries.values().iterator();
                return new Iterator<>() {
                    @Override
                    public boolean hasNext() {
                        return it.hasNext();
                    }

                    @Override
                    public Entry<String, String> next() {
                        return it.next();
                    }

                    @Override
                    public void remove() {
                        it.remove();
                    }
                };
            }

            @Override
            public int size() {
                return entries.size();
            }
        };
    }
}
