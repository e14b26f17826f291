package hotline.server.orders;

import static org.assertj.core.api.Assertions.assertThat;

import hotline.orders.deadline.WorkCalendar;
import hotline.orders.deadline.WorkingTimeDeadlines;
import hotline.orders.lifecycle.Address;
import hotline.orders.lifecycle.Channel;
import hotline.orders.lifecycle.Lifecycle;
import hotline.orders.lifecycle.OrderEvent;
import hotline.orders.lifecycle.OrderRequest;
import hotline.orders.lifecycle.RepeatRule;
import hotline.orders.lifecycle.UrgencyTier;
import hotline.orders.lifecycle.WorkOrder;
import hotline.orders.rating.Rating;
import hotline.orders.rating.UnitRates;
import hotline.server.orders.OrdersService.Result;
import hotline.testkit.FakeClock;
import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The service over {@link FakeOrderStore} (its futures complete at once, so no event loop is needed). */
class OrdersServiceTest {
    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private static final Instant T0 = LocalDateTime.parse("2026-12-01T10:00").atZone(ZONE).toInstant();

    private final FakeClock clock = new FakeClock(T0);
    private final FakeOrderStore store = new FakeOrderStore();
    private final OrdersService service = new OrdersService(store, new Lifecycle(new WorkingTimeDeadlines(
            new WorkCalendar(ZONE, LocalTime.of(9, 0), LocalTime.of(17, 30), Set.of(), Set.of()), false, 4)),
            new RepeatRule(RepeatRule.DEFAULT_WINDOW), Rating.standard(), clock, ZONE);

    private static <T> T done(Future<T> f) {
        assertThat(f.succeeded()).as(String.valueOf(f.cause())).isTrue();
        return f.result();
    }

    private static OrderRequest request(String phone, String community, UrgencyTier tier, String... units) {
        return new OrderRequest("李先生", phone, new Address("海淀区", "八里庄街道", community), "heating", tier,
                "no heating since Monday", List.of(units), null, Channel.ONLINE);
    }

    @Test
    void shouldGiveARetriedSubmitTheSameOrderWithoutStoringItAgain() {
        OrdersService.Submitted first = done(service.submit("r1", request("13800138000", "a", UrgencyTier.DAYS_7,
                "s1")));
        OrdersService.Submitted again = done(service.submit("r1", request("13800138000", "a", UrgencyTier.DAYS_7,
                "s1")));

        assertThat(first.created()).isTrue();
        assertThat(first.order().number().toString()).isEqualTo("20261201-000001");
        assertThat(again.created()).isFalse();
        assertThat(again.order()).isEqualTo(first.order());
        assertThat(store.stored).filteredOn(e -> e.type() == OrderEvent.Type.DISPATCHED).hasSize(1);
    }

    @Test
    void shouldTellTheListenerOfEachNewOrderOnceNotOfARetry() {
        java.util.List<String> told = new java.util.ArrayList<>();
        service.onCreated(o -> told.add(o.number().toString()));

        done(service.submit("r1", request("13800138000", "a", UrgencyTier.DAYS_7, "s1")));
        done(service.submit("r1", request("13800138000", "a", UrgencyTier.DAYS_7, "s1")));

        assertThat(told).containsExactly("20261201-000001");
    }

    @Test
    void shouldLinkRepeatsBySameCallerOrSamePlaceAndCategoryWithinThirtyDays() {
        WorkOrder a = done(service.submit("r1", request("13800138000", "a", UrgencyTier.DAYS_7, "s1"))).order();
        clock.advance(Duration.ofDays(2));
        WorkOrder samePlace = done(service.submit("r2", request("13900139000", "a", UrgencyTier.DAYS_7, "s1")))
                .order();
        WorkOrder sameCaller = done(service.submit("r3", request("13800138000", "b", UrgencyTier.DAYS_7, "s1")))
                .order();
        clock.advance(Duration.ofDays(31));
        WorkOrder late = done(service.submit("r4", request("13800138000", "a", UrgencyTier.DAYS_7, "s1"))).order();

        assertThat(samePlace.links()).containsExactly(a.number().toString());
        assertThat(sameCaller.links()).containsExactly(a.number().toString());
        assertThat(late.links()).isEmpty();
    }

    @Test
    void shouldRetryOnTheFreshVersionWhenAnotherWriterWonTheRace() {
        WorkOrder o = done(service.submit("r1", request("13800138000", "a", UrgencyTier.DAYS_7, "s1"))).order();
        store.conflicts = 2;

        Result r = done(service.accept(o.number().toString(), "s1"));

        assertThat(r).isInstanceOfSatisfying(Result.Done.class, d -> assertThat(d.order().version()).isEqualTo(2));
        store.conflicts = 100;
        assertThat(done(service.reply(o.number().toString(), "s1", "fixed"))).isInstanceOf(Result.Conflict.class);
    }

    @Test
    void shouldAnswerRefusedAndNotFoundAsValues() {
        WorkOrder o = done(service.submit("r1", request("13800138000", "a", UrgencyTier.DAYS_7, "s1"))).order();

        assertThat(done(service.close(o.number().toString(), "s1"))).isInstanceOf(Result.Refused.class);
        assertThat(done(service.accept("20261201-000099", "s1"))).isInstanceOf(Result.NotFound.class);
    }

    @Test
    void shouldRemindAtTheFourthWorkingDayAndEscalateWhenOverdue() {
        WorkOrder o = done(service.submit("r1", request("13800138000", "a", UrgencyTier.DAYS_7, "s1"))).order();
        assertThat(done(service.checkDeadlines(100))).isZero();

        clock.set(LocalDateTime.parse("2026-12-07T09:00").atZone(ZONE).toInstant()); // Monday: working day 4
        assertThat(done(service.checkDeadlines(100))).isEqualTo(1);
        assertThat(store.stored).extracting(OrderEvent::type).contains(OrderEvent.Type.REMINDED)
                .doesNotContain(OrderEvent.Type.ESCALATED);

        clock.set(LocalDateTime.parse("2026-12-10T17:30").atZone(ZONE).toInstant()); // end of working day 7
        assertThat(done(service.checkDeadlines(100))).isEqualTo(1);
        assertThat(store.stored).extracting(OrderEvent::type).contains(OrderEvent.Type.ESCALATED);
        assertThat(store.orders.get(o.number().toString()).nextAlertAt()).isEmpty();
        assertThat(done(service.checkDeadlines(100))).isZero();
    }

    @Test
    void shouldFeedTheCallbackIntoEachJointUnitsRates() {
        String n = done(service.submit("r1", request("13800138000", "a", UrgencyTier.HOURS_24, "s1", "water")))
                .order().number().toString();
        for (String u : List.of("s1", "water")) {
            done(service.accept(n, u));
            done(service.reply(n, u, "fixed"));
            done(service.close(n, u));
        }
        assertThat(done(service.pendingCallbacks(10))).hasSize(1);
        assertThat(done(service.recordCallback(n, true, true))).isInstanceOf(Result.Done.class);
        String late = done(service.submit("r2", request("13700137000", "c", UrgencyTier.HOURS_24, "water")))
                .order().number().toString();
        clock.advance(Duration.ofHours(25));
        done(service.accept(late, "water"));

        List<UnitRates> ranking = done(service.ranking());

        assertThat(ranking).extracting(UnitRates::unitId).containsExactly("s1", "water");
        UnitRates water = done(service.rates("water"));
        assertThat(water.response().numerator()).isEqualTo(1);
        assertThat(water.response().denominator()).isEqualTo(2);
        assertThat(water.satisfaction().basisPoints()).isEqualTo(10_000);
        assertThat(done(service.pendingCallbacks(10))).isEmpty();
        assertThat(done(service.rates("nobody")).rank()).isZero();
        // the unit board's pane: its place out of how many
        assertThat(done(service.standing("water"))).isEqualTo(new OrdersService.Standing(water, 2));
        assertThat(done(service.standing("nobody")).rates().rank()).isZero();
        assertThat(done(service.standing("nobody")).rankedUnits()).isEqualTo(2);
    }
}
