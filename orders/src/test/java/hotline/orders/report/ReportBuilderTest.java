package hotline.orders.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import hotline.orders.gazetteer.District;
import hotline.orders.gazetteer.Street;
import hotline.orders.lifecycle.Address;
import hotline.orders.lifecycle.Channel;
import hotline.orders.lifecycle.DeadlineSchedule;
import hotline.orders.lifecycle.Lifecycle;
import hotline.orders.lifecycle.OrderNumber;
import hotline.orders.lifecycle.OrderRequest;
import hotline.orders.lifecycle.RequestType;
import hotline.orders.lifecycle.Transition;
import hotline.orders.lifecycle.UrgencyTier;
import hotline.orders.lifecycle.WorkOrder;
import hotline.orders.rating.Rate;
import hotline.orders.rating.Rating;
import hotline.orders.rating.UnitRates;
import hotline.orders.report.Report.Count;
import hotline.orders.report.Report.RecurringProblem;
import hotline.orders.report.Report.StreetCount;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReportBuilderTest {
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    /** Tuesday 1 December 2026, 10:00 in Beijing. */
    private static final Instant T0 = Instant.parse("2026-12-01T02:00:00Z");
    private static final District CHAOYANG = new District("110105", "朝阳区");
    private static final List<Street> STREETS = List.of(new Street("110105006", "八里庄街道", CHAOYANG),
            new Street("110105007", "双井街道", CHAOYANG));

    /** Every part is due a day after dispatch. */
    private static final DeadlineSchedule DAY = new DeadlineSchedule() {
        @Override
        public Instant dueAt(UrgencyTier tier, Instant dispatchedAt) {
            return dispatchedAt.plus(Duration.ofDays(1));
        }

        @Override
        public Optional<Instant> remindAt(UrgencyTier tier, Instant dispatchedAt) {
            return Optional.empty();
        }
    };

    private final Lifecycle lifecycle = new Lifecycle(DAY);
    private final ReportBuilder builder = new ReportBuilder(Rating.standard(), Duration.ofSeconds(15),
            Map.of("complaints", Duration.ofSeconds(30)), 10, STREETS);

    private WorkOrder order(int seq, String street, String category, Instant at, List<String> links,
            String... units) {
        return order(seq, "朝阳区", street, category, at, links, units);
    }

    private WorkOrder order(int seq, String district, String street, String category, Instant at, List<String> links,
            String... units) {
        OrderRequest r = new OrderRequest("王女士", "1380013800" + seq, new Address(district, street, ""), category,
                UrgencyTier.HOURS_24, "summary " + seq, List.of(units), "", Channel.PHONE);
        return lifecycle.submit(new OrderNumber(LocalDate.of(2026, 12, 1), seq), r, links, at).order();
    }

    private static WorkOrder applied(Transition t) {
        return ((Transition.Applied) t).order();
    }

    /** Accepted on time, replied, closed and called back with the given result. */
    private WorkOrder handled(WorkOrder o, String unit, boolean resolved, boolean satisfied) {
        Instant at = o.createdAt();
        o = applied(lifecycle.accept(o, unit, at.plusSeconds(600)));
        o = applied(lifecycle.reply(o, unit, "done", at.plusSeconds(3600)));
        o = applied(lifecycle.close(o, unit, at.plusSeconds(7200)));
        return applied(lifecycle.recordCallback(o, resolved, satisfied, at.plusSeconds(9000)));
    }

    @Test
    void shouldCoverTheLocalDayTheIsoWeekFromMondayAndTheMonth() {
        LocalDate tue = LocalDate.of(2026, 12, 1);
        ReportWindow day = ReportWindow.of(Period.DAY, tue, SHANGHAI);
        assertThat(day.from()).isEqualTo(Instant.parse("2026-11-30T16:00:00Z"));
        assertThat(day.to()).isEqualTo(Instant.parse("2026-12-01T16:00:00Z"));
        assertThat(day.label()).isEqualTo("2026-12-01");

        ReportWindow week = ReportWindow.of(Period.WEEK, tue, SHANGHAI);
        assertThat(week.start()).isEqualTo(LocalDate.of(2026, 11, 30));
        assertThat(week.last()).isEqualTo(LocalDate.of(2026, 12, 6));
        assertThat(week.label()).isEqualTo("2026-W49");
        assertThat(ReportWindow.of(Period.WEEK, LocalDate.of(2027, 1, 1), SHANGHAI).label()).isEqualTo("2026-W53");

        ReportWindow month = ReportWindow.of(Period.MONTH, LocalDate.of(2026, 2, 14), SHANGHAI);
        assertThat(month.start()).isEqualTo(LocalDate.of(2026, 2, 1));
        assertThat(month.end()).isEqualTo(LocalDate.of(2026, 3, 1));
        assertThat(month.label()).isEqualTo("2026-02");

        assertThat(day.contains(Instant.parse("2026-11-30T16:00:00Z"))).isTrue();
        assertThat(day.contains(Instant.parse("2026-12-01T16:00:00Z"))).isFalse();
        assertThat(Period.parse("Week")).contains(Period.WEEK);
        assertThat(Period.parse("year")).isEmpty();
        assertThatThrownBy(() -> new ReportWindow(Period.DAY, tue, tue, SHANGHAI))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldCountOfferedAnsweredAbandonedAndServiceLevelPerQueueTarget() {
        List<CallFacts> calls = List.of(
                new CallFacts("c1", T0, T0.plusSeconds(10), false, "general"),      // in the 15 s target
                new CallFacts("c2", T0, T0.plusSeconds(20), false, "general"),      // late
                new CallFacts("c3", T0, T0.plusSeconds(25), false, "complaints"),   // in its 30 s target
                new CallFacts("c4", T0, null, true, "general"),                      // abandoned
                new CallFacts("c5", T0, null, false, ""),                            // menu only, never queued
                new CallFacts("c6", T0.minus(Duration.ofDays(1)), T0, false, "general")); // the day before

        Report r = builder.build(ReportWindow.of(Period.DAY, LocalDate.of(2026, 12, 1), SHANGHAI), calls, List.of(),
                T0.plusSeconds(3600));

        assertThat(r.calls().offered()).isEqualTo(5);
        assertThat(r.calls().answered()).isEqualTo(3);
        assertThat(r.calls().abandoned()).isEqualTo(1);
        assertThat(r.calls().inTarget()).isEqualTo(2);
        assertThat(r.calls().answerRate()).isEqualTo(new Rate(3, 5));
        assertThat(r.calls().serviceLevel()).isEqualTo(new Rate(2, 4));
        // 10:00 in Beijing: the hour "10" of 24
        assertThat(r.trend()).hasSize(24);
        assertThat(r.trend().get(10)).isEqualTo(new Report.Bucket("10", 5, 3, 0));
        assertThat(r.trend().stream().mapToLong(Report.Bucket::offered).sum()).isEqualTo(5);
        assertThat(r.orders()).isZero();
        assertThat(r.ranking()).isEmpty();
    }

    @Test
    void shouldCountOrdersByCategoryUnitDistrictAndStreetWithTheGazetteersCode() {
        List<WorkOrder> orders = List.of(
                order(1, "八里庄街道", "noise", T0, List.of(), "balizhuang"),
                order(2, "八里庄街道", "noise", T0.plusSeconds(60), List.of("20261201-000001"), "balizhuang"),
                order(3, "双井街道", "gas_power", T0.plusSeconds(120), List.of(), "shuangjing", "dept-gas"),
                order(4, "不存在街道", "noise", T0.plusSeconds(180), List.of(), "shuangjing"),
                order(5, "八里庄街道", "noise", T0.plus(Duration.ofDays(2)), List.of(), "balizhuang")); // not that day

        Report r = builder.build(ReportWindow.of(Period.DAY, LocalDate.of(2026, 12, 1), SHANGHAI), List.of(), orders,
                T0.plusSeconds(3600));

        assertThat(r.orders()).isEqualTo(4);
        assertThat(r.byCategory()).containsExactly(new Count("noise", 3), new Count("gas_power", 1));
        assertThat(r.byUnit()).containsExactly(new Count("balizhuang", 2), new Count("shuangjing", 2),
                new Count("dept-gas", 1));
        assertThat(r.byDistrict()).containsExactly(new Count("朝阳区", 4));
        assertThat(r.byStreet()).containsExactly(new StreetCount("110105006", "朝阳区", "八里庄街道", 2),
                new StreetCount("", "朝阳区", "不存在街道", 1), new StreetCount("110105007", "朝阳区", "双井街道", 1));
    }

    @Test
    void shouldNarrowADistrictsReportToItsOrdersAndTheirUnitsButCountEveryCall() {
        WorkOrder mine = handled(order(1, "八里庄街道", "noise", T0, List.of(), "balizhuang"), "balizhuang", true, true);
        WorkOrder joint = order(2, "双井街道", "gas_power", T0.plusSeconds(60), List.of(), "shuangjing", "dept-gas");
        WorkOrder other = handled(order(3, "海淀区", "八里庄街道", "noise", T0.plusSeconds(120), List.of(),
                "haidian-balizhuang"), "haidian-balizhuang", true, true);
        WorkOrder again = order(4, "海淀区", "八里庄街道", "noise", T0.plusSeconds(180), List.of(), "haidian-balizhuang");
        List<CallFacts> calls = List.of(new CallFacts("c1", T0, T0.plusSeconds(5), false, "citizen"),
                new CallFacts("c2", T0, null, true, "citizen"));
        ReportWindow day = ReportWindow.of(Period.DAY, LocalDate.of(2026, 12, 1), SHANGHAI);

        ReportBuilder.Accumulator acc = builder.accumulate(day, "朝阳区");
        calls.forEach(acc::call);
        List.of(mine, joint, other, again).forEach(acc::order);
        Report r = acc.report(T0.plusSeconds(10_000));

        assertThat(r.orders()).isEqualTo(2);
        assertThat(r.byDistrict()).containsExactly(new Count("朝阳区", 2));
        assertThat(r.byUnit()).extracting(Count::key).containsExactlyInAnyOrder("balizhuang", "shuangjing",
                "dept-gas");
        assertThat(r.byStreet()).extracting(StreetCount::district).containsOnly("朝阳区");
        assertThat(r.ranking()).extracting(UnitRates::unitId).doesNotContain("haidian-balizhuang");
        assertThat(r.problems()).isEmpty(); // the two 海淀区 noise orders are another district's problem
        assertThat(r.calls().offered()).isEqualTo(2);
        assertThat(r.calls().abandoned()).isEqualTo(1);
        assertThat(r.trend().get(10).orders()).isEqualTo(2);
        // the whole city's report has them all
        Report city = builder.build(day, calls, List.of(mine, joint, other, again), T0.plusSeconds(10_000));
        assertThat(city.orders()).isEqualTo(4);
        assertThat(city.problems()).hasSize(1);
    }

    @Test
    void shouldRankUnitsOnTheWindowsOrdersWithTheirLaterEvents() {
        WorkOrder a = handled(order(1, "八里庄街道", "noise", T0, List.of(), "balizhuang"), "balizhuang", true, true);
        WorkOrder b = handled(order(2, "双井街道", "noise", T0, List.of(), "shuangjing"), "shuangjing", true, false);
        WorkOrder c = order(3, "双井街道", "road", T0, List.of(), "shuangjing");
        // accepted two days late: not on time
        c = applied(lifecycle.accept(c, "shuangjing", T0.plus(Duration.ofDays(2))));

        Report r = builder.build(ReportWindow.of(Period.WEEK, LocalDate.of(2026, 12, 3), SHANGHAI), List.of(),
                List.of(c, b, a), T0.plus(Duration.ofDays(3)));

        assertThat(r.ranking()).extracting(UnitRates::unitId).containsExactly("balizhuang", "shuangjing");
        UnitRates first = r.ranking().get(0);
        assertThat(first.rank()).isEqualTo(1);
        assertThat(first.response()).isEqualTo(new Rate(1, 1));
        assertThat(first.resolution()).isEqualTo(new Rate(1, 1));
        assertThat(first.satisfaction()).isEqualTo(new Rate(1, 1));
        UnitRates second = r.ranking().get(1);
        assertThat(second.response()).isEqualTo(new Rate(1, 2));
        assertThat(second.resolution()).isEqualTo(new Rate(1, 1));
        assertThat(second.satisfaction()).isEqualTo(new Rate(0, 1));
        assertThat(second.score()).isEqualTo((5000 * 10 + 10_000 * 45) / 100);
        // the week's trend: Monday 30 November .. Sunday 6 December, the three orders on Tuesday
        assertThat(r.trend()).extracting(Report.Bucket::label).containsExactly("2026-11-30", "2026-12-01",
                "2026-12-02", "2026-12-03", "2026-12-04", "2026-12-05", "2026-12-06");
        assertThat(r.trend()).extracting(Report.Bucket::orders).containsExactly(0L, 3L, 0L, 0L, 0L, 0L, 0L);
    }

    @Test
    void shouldListPlacesWithSeveralOrdersOfOneCategoryOrARepeatAsRecurringProblems() {
        List<WorkOrder> orders = List.of(
                order(1, "八里庄街道", "noise", T0, List.of(), "balizhuang"),
                order(2, "八里庄街道", "noise", T0, List.of("20261201-000001"), "balizhuang"),
                order(3, "八里庄街道", "noise", T0, List.of(), "balizhuang"),
                order(4, "双井街道", "road", T0, List.of(), "shuangjing"),
                order(5, "双井街道", "road", T0, List.of(), "shuangjing"),
                order(6, "双井街道", "garbage", T0, List.of("20261101-000009"), "shuangjing"), // repeat of last month
                order(7, "八里庄街道", "parking", T0, List.of(), "balizhuang"));                    // once: not one

        Report r = builder.build(ReportWindow.of(Period.DAY, LocalDate.of(2026, 12, 1), SHANGHAI), List.of(), orders,
                T0);

        assertThat(r.problems()).containsExactly(
                new RecurringProblem("朝阳区", "八里庄街道", "noise", 3, 1,
                        List.of("20261201-000003", "20261201-000002", "20261201-000001")),
                new RecurringProblem("朝阳区", "双井街道", "road", 2, 0, List.of("20261201-000005", "20261201-000004")),
                new RecurringProblem("朝阳区", "双井街道", "garbage", 1, 1, List.of("20261201-000006")));

        ReportBuilder top1 = new ReportBuilder(Rating.standard(), Duration.ofSeconds(15), Map.of(), 1, STREETS);
        assertThat(top1.build(ReportWindow.of(Period.DAY, LocalDate.of(2026, 12, 1), SHANGHAI), List.of(), orders, T0)
                .problems()).extracting(RecurringProblem::category).containsExactly("noise");
    }

    @Test
    void shouldGiveTheSameReportWhateverTheInputOrder() {
        List<WorkOrder> orders = List.of(
                order(1, "八里庄街道", "noise", T0, List.of(), "balizhuang"),
                order(2, "双井街道", "road", T0, List.of(), "shuangjing"),
                order(3, "双井街道", "noise", T0, List.of(), "shuangjing"));
        ReportWindow w = ReportWindow.of(Period.MONTH, LocalDate.of(2026, 12, 1), SHANGHAI);
        Report forward = builder.build(w, List.of(), orders, T0);
        Report backward = builder.build(w, List.of(), List.of(orders.get(2), orders.get(1), orders.get(0)), T0);
        assertThat(backward).isEqualTo(forward);
        assertThat(forward.byUnit()).containsExactly(new Count("shuangjing", 2), new Count("balizhuang", 1));
    }

    @Test
    void shouldCountRequestTypesConsultationsAnsweredOnTheSpotAndUrges() {
        WorkOrder complaint = lifecycle.submit(new OrderNumber(LocalDate.of(2026, 12, 1), 1), new OrderRequest("王女士",
                "13800138001", new Address("朝阳区", "八里庄街道", ""), "noise", UrgencyTier.HOURS_24, "噪音",
                List.of("s1", "s2"), "", Channel.PHONE, RequestType.COMPLAINT, ""), List.of(), T0).order();
        complaint = applied(lifecycle.urge(complaint, "", T0.plusSeconds(60)));
        complaint = applied(lifecycle.urge(complaint, "", T0.plusSeconds(120)));
        WorkOrder consult = lifecycle.submit(new OrderNumber(LocalDate.of(2026, 12, 1), 2), new OrderRequest("张女士",
                "13800138002", new Address("朝阳区", "", ""), "consultation", UrgencyTier.DAYS_15, "咨询居住证",
                List.of(), "", Channel.PHONE, RequestType.CONSULTATION, "到社区服务站办理"), List.of(), T0).order();
        WorkOrder untyped = order(3, "双井街道", "noise", T0, List.of(), "s1");

        Report r = builder.build(ReportWindow.of(Period.DAY, LocalDate.of(2026, 12, 1), SHANGHAI), List.of(),
                List.of(complaint, consult, untyped), T0.plusSeconds(3600));

        assertThat(r.orders()).isEqualTo(3);
        assertThat(r.answeredOnTheSpot()).isEqualTo(1);
        assertThat(r.urges()).isEqualTo(2); // two urges, each reaching both units
        assertThat(r.byRequestType()).containsExactlyInAnyOrder(new Report.Count("complaint", 1),
                new Report.Count("consultation", 1), new Report.Count("-", 1));
        assertThat(r.byUnit()).extracting(Report.Count::key).containsExactlyInAnyOrder("s1", "s2"); // no unit: none
    }
}
