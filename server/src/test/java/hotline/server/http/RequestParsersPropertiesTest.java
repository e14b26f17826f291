package hotline.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Fuzzing the order and draft request parsers with random JSON: whatever arrives, the answer is a valid request or
 * a clear refusal naming the field ({@code "<field>: ..."} or {@code "body: ..."}), never an exception (which the
 * server would answer 500).
 */
class RequestParsersPropertiesTest {
    private static final JsonObject VALID = new JsonObject().put("requestId", "desk7-0001").put("callerName", "王女士")
            .put("phone", "13800138000").put("district", "朝阳区").put("street", "八里庄街道").put("community", "天伦北里")
            .put("category", "noise").put("urgency", "24h").put("summary", "夜间施工噪音")
            .put("unitIds", new JsonArray().add("balizhuang")).put("callId", "1795323011.14").put("channel", "phone");

    @Property(tries = 500)
    void shouldTakeOrRefuseAnyJsonObjectAsAnOrderNamingTheField(@ForAll("objects") JsonObject body) {
        JsonReplies.Body read = JsonReplies.parse(body.encode(), OrderRequestParser.FIELDS);
        if (read instanceof JsonReplies.Body.Bad bad) {
            assertThat(body.fieldNames()).anyMatch(k -> !OrderRequestParser.FIELDS.contains(k)
                    && bad.message().startsWith(k + ": unknown field (allowed: "));
            return;
        }
        OrderRequestParser.Parsed parsed = OrderRequestParser.parse(((JsonReplies.Body.Ok) read).object());
        if (parsed instanceof OrderRequestParser.Parsed.Invalid invalid) {
            assertThat(OrderRequestParser.FIELDS).anyMatch(f -> invalid.message().startsWith(f + ": "));
        }
    }

    @Property(tries = 1000)
    void shouldNameTheOneBrokenFieldOfAnOtherwiseValidOrder(@ForAll("brokenOrders") Map.Entry<String, Object> broken) {
        JsonObject body = VALID.copy().put(broken.getKey(), broken.getValue());

        OrderRequestParser.Parsed parsed = OrderRequestParser.parse(body);

        if (parsed instanceof OrderRequestParser.Parsed.Invalid invalid) {
            assertThat(invalid.message()).startsWith(broken.getKey() + ": ");
            for (String other : OrderRequestParser.FIELDS) {
                if (!other.equals(broken.getKey())) {
                    assertThat(invalid.message()).doesNotContain("; " + other + ": ");
                }
            }
        } else {
            assertThat(((OrderRequestParser.Parsed.Valid) parsed).request()).isNotNull();
        }
    }

    @Property(tries = 1000)
    void shouldRefuseAnyTextThatIsNotAJsonObjectWithAClearError(@ForAll("texts") String text) {
        JsonReplies.Body read = JsonReplies.parse(text, OrderRequestParser.FIELDS);

        if (read instanceof JsonReplies.Body.Bad bad) {
            assertThat(bad.message().startsWith("body: ") || bad.message().contains(": unknown field (allowed: "))
                    .as(bad.message()).isTrue();
            assertThat(bad.message()).hasSizeLessThan(text.length() + 400);
        } else {
            OrderRequestParser.parse(((JsonReplies.Body.Ok) read).object()); // must not throw
        }
    }

    @Property(tries = 500)
    void shouldTakeOrRefuseAnyJsonObjectAsADraftRequestNamingTheField(@ForAll("draftObjects") JsonObject body) {
        String problem = DraftsApi.validate(body, DraftsApi.MAX_TEXT);

        if (problem != null) {
            assertThat(problem.startsWith("text: ") || problem.startsWith("callerNumber: ")
                    || body.fieldNames().stream().anyMatch(k -> problem.startsWith(k + ": unknown field"))).isTrue();
        } else {
            assertThat(body.getValue("text")).isInstanceOf(String.class);
        }
    }

    @Property(tries = 500)
    void shouldAcceptEveryWellFormedCallbackNumber(@ForAll("phones") String phone) {
        assertThat(OrderRequestParser.parse(VALID.copy().put("phone", phone)))
                .isInstanceOf(OrderRequestParser.Parsed.Valid.class);
    }

    @Provide
    Arbitrary<JsonObject> objects() {
        Arbitrary<String> keys = Arbitraries.oneOf(Arbitraries.of(new TreeSet<>(OrderRequestParser.FIELDS)),
                Arbitraries.of(new TreeSet<>(OrderRequestParser.FIELDS)), Arbitraries.strings().ofMaxLength(12));
        return Arbitraries.maps(keys, value(2)).ofMaxSize(14).map(m -> {
            JsonObject o = new JsonObject();
            m.forEach(o::put);
            return o;
        });
    }

    @Provide
    Arbitrary<JsonObject> draftObjects() {
        Arbitrary<String> keys = Arbitraries.oneOf(Arbitraries.of("text", "callerNumber"),
                Arbitraries.strings().ofMaxLength(12));
        Arbitrary<Object> values = Arbitraries.oneOf(value(2), Arbitraries.strings().ofMaxLength(6000)
                .map(s -> (Object) s));
        return Arbitraries.maps(keys, values).ofMaxSize(4).map(m -> {
            JsonObject o = new JsonObject();
            m.forEach(o::put);
            return o;
        });
    }

    @Provide
    Arbitrary<Map.Entry<String, Object>> brokenOrders() {
        return Combinators.combine(Arbitraries.of(new TreeSet<>(OrderRequestParser.FIELDS)), value(2))
                .as(java.util.AbstractMap.SimpleEntry::new);
    }

    @Provide
    Arbitrary<String> texts() {
        String valid = VALID.encode();
        Arbitrary<String> truncated = Arbitraries.integers().between(0, valid.length()).map(i -> valid.substring(0, i));
        Arbitrary<String> mutated = Combinators.combine(Arbitraries.integers().between(0, valid.length() - 1),
                Arbitraries.chars().with('"', '{', '}', '[', ']', ':', ',', '\\', 'x', '0', '\u0000', '\u00e9', ' '))
                .as((i, c) -> valid.substring(0, i) + c + valid.substring(i + 1));
        Arbitrary<String> nested = Arbitraries.of(1, 2, 10, 999, 1000, 1001, 2500)
                .map(n -> "{\"summary\":" + "[".repeat(n) + "]".repeat(n) + "}");
        Arbitrary<String> numbers = Arbitraries.of("{\"phone\":1e999}", "{\"phone\":-0}", "{\"phone\":NaN}",
                "{\"phone\":123456789012345678901234567890}", "{\"unitIds\":[null]}", "{\"summary\":\"\\ud800\"}",
                "{\"a\":1,\"a\":2}", "{\"phone\":\"13800138000\"}{", "null", "true", "\"x\"", "[]", "{}");
        return Arbitraries.oneOf(truncated, mutated, nested, numbers, Arbitraries.strings().ofMaxLength(60));
    }

    @Provide
    Arbitrary<String> phones() {
        Arbitrary<String> mobile = Combinators.combine(Arbitraries.of("", "86", "+86"),
                Arbitraries.integers().between(3, 9), Arbitraries.strings().numeric().ofLength(9))
                .as((cc, second, rest) -> cc + "1" + second + rest);
        Arbitrary<String> landline = Combinators.combine(Arbitraries.integers().between(1, 9),
                Arbitraries.strings().numeric().ofMinLength(8).ofMaxLength(10)).as((a, rest) -> "0" + a + rest);
        Arbitrary<String> local = Combinators.combine(Arbitraries.integers().between(2, 9),
                Arbitraries.strings().numeric().ofMinLength(6).ofMaxLength(7)).as((a, rest) -> a + rest);
        return Arbitraries.oneOf(mobile, landline, local);
    }

    private static Arbitrary<Object> value(int depth) {
        Arbitrary<Object> leaf = Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(30).map(s -> (Object) s),
                Arbitraries.strings().withChars("0123456789 -+").ofMaxLength(22).map(s -> (Object) s),
                Arbitraries.of("2h", "24h", "7d", "phone", "online", "noise", "balizhuang", "<script>alert(1)</script>",
                        "'; DROP TABLE orders; --", "", " ").map(s -> (Object) s),
                Arbitraries.integers().map(i -> (Object) i),
                Arbitraries.longs().map(l -> (Object) l),
                Arbitraries.doubles().map(d -> (Object) d),
                Arbitraries.of(true, false).map(b -> (Object) b)).injectNull(0.05);
        if (depth == 0) {
            return leaf;
        }
        Arbitrary<Object> list = value(depth - 1).list().ofMaxSize(12).map(l -> {
            JsonArray a = new JsonArray();
            l.forEach(a::add);
            return (Object) a;
        });
        Arbitrary<Object> object = Arbitraries.maps(Arbitraries.strings().ofMaxLength(8), value(depth - 1))
                .ofMaxSize(4).map(m -> {
                    JsonObject o = new JsonObject();
                    m.forEach(o::put);
                    return (Object) o;
                });
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(6, leaf), net.jqwik.api.Tuple.of(1, list),
                net.jqwik.api.Tuple.of(1, object));
    }
}
