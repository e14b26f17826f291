package hotline.server;

import static org.assertj.core.api.Assertions.assertThat;

import hotline.server.ivr.IvrSetup;
import hotline.server.web.Browser;
import hotline.telephony.carrier.CarrierDialer.CitizenCall;
import hotline.telephony.carrier.CarrierDialer.Originated;
import hotline.testkit.lab.Softphone;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * A leader session scheduled on the wallboard, without a restart (issue 17), in real headless Chromium against the
 * real server on a real lab with the menu on: the leader of 朝阳区 opens the console with no session and is told
 * what to do; the supervisor schedules a session for 朝阳区 on seat 1001 from now on the wallboard; the console
 * shows it running; the leader signs in to seat 1001 and a citizen who keys 朝阳区 in the menu is routed to the
 * session's queue and rings the leader's seat. The same server throughout.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class LeaderScheduleIT {
    private static LiveLab live;

    @BeforeAll
    static void startLab() throws Exception {
        live = LiveLab.start("it-lab-leader-schedule", Map.of("hotline.ivr.menu",
                LiveLab.quickMenu("it-lab-leader-schedule").toString(), "hotline.asr.enabled", false));
    }

    @AfterAll
    static void stopLab() throws Exception {
        if (live != null) {
            live.close();
        }
    }

    @Test
    void shouldRouteTheDistrictsCallsToTheLeaderOfASessionScheduledOnTheWallboard() throws Exception {
        String base = "http://127.0.0.1:" + live.server.httpPort();
        Softphone phone = live.lab.softphone("1001", true, null);
        try (Browser leaderBrowser = Browser.start(1600, 1000); Browser superBrowser = Browser.start(1600, 1100)) {
            // the leader, no session yet: one plain line saying what to do, no figures, empty-state lines
            WebDriver leader = leaderBrowser.driver();
            leaderBrowser.logIn(base, "leader", "leader");
            leaderBrowser.waitFor().until(ExpectedConditions.urlContains("/leader.html"));
            leaderBrowser.waitFor().until(ExpectedConditions.visibilityOfElementLocated(By.id("session-guide")));
            assertThat(leader.findElement(By.id("session-guide")).getText())
                    .startsWith("您目前没有领导接听场次").contains("班长监控墙");
            assertThat(leader.findElement(By.id("session-bar")).isDisplayed()).isFalse();
            assertThat(leader.findElement(By.id("skills")).isDisplayed()).as("no skills for a leader").isFalse();
            assertThat(leader.findElement(By.id("session-waiting")).getText()).isEqualTo("暂无排队来电");
            assertThat(leader.findElement(By.id("assistants")).getText()).isEqualTo("本场未安排助理席位");
            assertThat(leader.findElement(By.id("callbacks")).getText()).isEqualTo("本场暂无需回访的市民");
            leaderBrowser.screenshot("leader-console-no-session", "leader-console-no-session");

            // the supervisor schedules 朝阳区 on seat 1001 from now (the form's default times: now, two hours)
            WebDriver wall = superBrowser.driver();
            superBrowser.logIn(base, "super", "super");
            superBrowser.waitFor().until(ExpectedConditions.urlContains("/wallboard.html"));
            superBrowser.waitFor().until(ExpectedConditions.textToBePresentInElementLocated(By.id("sess-list"),
                    "暂无领导接听场次"));
            wall.findElement(By.id("sess-district")).sendKeys("朝阳区");
            wall.findElement(By.id("sess-seats")).sendKeys("1001");
            wall.findElement(By.id("sess-add")).click();
            superBrowser.waitFor().until(ExpectedConditions.textToBePresentInElementLocated(By.id("sess-status"),
                    "已安排： 朝阳区"));
            superBrowser.waitFor().until(ExpectedConditions.presenceOfElementLocated(
                    By.cssSelector("#sess-list tr[data-state='running']")));
            assertThat(wall.findElement(By.id("sess-list")).getText()).contains("朝阳区").contains("进行中")
                    .contains("屏幕安排");
            superBrowser.screenshot("wallboard-session-scheduled");
            // a bad request is refused naming the field
            wall.findElement(By.id("sess-district")).clear();
            wall.findElement(By.id("sess-district")).sendKeys("朝阳");
            wall.findElement(By.id("sess-add")).click();
            superBrowser.waitFor().until(ExpectedConditions.textToBePresentInElementLocated(By.id("sess-status"),
                    "district"));

            // the leader's console picks it up without a reload, and the leader signs in to the leader seat
            leaderBrowser.waitFor(Duration.ofSeconds(30)).until(ExpectedConditions.textToBe(By.id("session-state"),
                    "进行中"));
            assertThat(leader.findElement(By.id("session-guide")).isDisplayed()).isFalse();
            assertThat(leader.findElement(By.id("session-pick")).getText()).contains("朝阳区");
            leader.findElement(By.id("seat")).clear();
            leader.findElement(By.id("seat")).sendKeys("1001");
            leader.findElement(By.id("sign-in")).click();
            leaderBrowser.waitFor().until(ExpectedConditions.attributeToBe(By.id("state"), "data-state",
                    "NOT_READY"));
            leader.findElement(By.id("ready")).click();
            leaderBrowser.waitFor().until(ExpectedConditions.attributeToBe(By.id("state"), "data-state", "READY"));

            // a citizen keys 朝阳区 in the menu: the call waits in the session's queue and reaches the leader's seat
            var districts = IvrSetup.districts(live.lab.config().orders().cityCode());
            int index = 0;
            while (!districts.get(index).name().equals("朝阳区")) {
                index++;
            }
            String caller = LiveApi.newCaller("136");
            Originated o = live.carrier.callAndWait(new CitizenCall("12345", caller, null, 1, Duration.ofMillis(100),
                    Duration.ofSeconds(60)), Duration.ofSeconds(30));
            assertThat(o.success()).isTrue();
            live.api.press(live.carrier, o, "language", "1");
            live.api.press(live.carrier, o, "business", "1");
            live.api.press(live.carrier, o, "district", String.format("%02d", index + 1));
            JsonObject call = live.api.awaitCall(caller, "answered");
            assertThat(call.getJsonObject("fields").getString("queue")).startsWith("session:sch-");
            assertThat(live.api.agent("leader").getString("seat")).isEqualTo("1001");
            assertThat(live.api.agent("leader").getString("state")).isEqualTo("ON_CALL");
            leaderBrowser.waitFor().until(ExpectedConditions.textToBe(By.id("fig-leaders"), "1"));
            leaderBrowser.screenshot("leader-console-scheduled-session");
            live.carrier.hangup(o.channel());
        } finally {
            phone.close();
            live.api.post("/api/agents/leader/logout", "");
        }
    }
}
