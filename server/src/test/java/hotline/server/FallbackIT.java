package hotline.server;

import static org.assertj.core.api.Assertions.assertThat;

import hotline.telephony.ami.AmiEndpoint;
import hotline.telephony.carrier.CarrierDialer;
import hotline.telephony.carrier.CarrierDialer.CitizenCall;
import hotline.telephony.carrier.CarrierDialer.Originated;
import hotline.testkit.lab.Lab;
import hotline.testkit.lab.Softphone;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The server is down: the pbx's FastAGI fails, and the dialplan's fallback (Asterisk's native queue
 * {@code hotline-fallback}, every seat) still connects the citizen to an agent. No server is started here.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class FallbackIT {

    @Test
    void shouldConnectCitizenToASeatThroughNativeQueueWhenServerIsDown() throws Exception {
        Path run = Files.createDirectories(Lab.home().resolve("server/target/it-lab-fallback"));
        // with the menu on, as deployed: the ivr AGI fails first, then the inbound one, then the native queue
        try (Lab lab = Lab.start(run, Map.of())) {
            Softphone seat = lab.softphone("1001", true, null);
            Path speech = lab.speech("citizen-fallback", "Hello. There is a lot of garbage on Xinjiekou street and"
                    + " nobody has collected it for three days.");
            var c = lab.config().carrier();
            try (CarrierDialer carrier = CarrierDialer.connect(new AmiEndpoint("carrier", c.host(), c.amiPort(),
                    c.amiUser(), c.amiSecret(), Duration.ofSeconds(5)))) {
                Originated o = carrier.callAndWait(new CitizenCall("12345", "13900000099", Lab.playable(speech), 1,
                        Duration.ofSeconds(4), Duration.ofSeconds(2)), Duration.ofSeconds(30));
                assertThat(o.success()).as("the pbx answered the citizen although the server is down").isTrue();
            }
            Instant deadline = Instant.now().plusSeconds(60);
            while (Instant.now().isBefore(deadline)) {
                var rec = seat.receivedRecordings();
                if (rec.size() == 1 && Softphone.loudSeconds(rec.get(0), -40) > 2.0) {
                    return;
                }
                Thread.sleep(200);
            }
            assertThat(seat.receivedRecordings()).as("seat 1001 answered the fallback queue's call").hasSize(1);
            assertThat(Softphone.loudSeconds(seat.receivedRecordings().get(0), -40))
                    .as("seconds of the citizen's speech heard at the seat").isGreaterThan(2.0);
        }
    }
}
