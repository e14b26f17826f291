package hotline.telephony.ami;

import hotline.telephony.TelephonyEvent.AmiConnected;
import hotline.telephony.TelephonyEvent.ChannelsSnapshot;
import hotline.testkit.FakeAmiServer;
import hotline.testkit.FakeClock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * An {@link AmiClient} logged in to a {@link FakeAmiServer} that answers {@code CoreShowChannels} from a lab
 * transcript, with its connection and first channel list already taken from {@code sink}: the starting point of the
 * AMI adapters' protocol tests.
 */
final class ConnectedAmi implements AutoCloseable {
    final FakeAmiServer server;
    final AmiClient client;

    private ConnectedAmi(FakeAmiServer server, AmiClient client) {
        this.server = server;
        this.client = client;
    }

    /**
     * @param transcript the lab capture whose {@code CoreShowChannels} the server replays
     * @param prepare    more answers to set up before the client connects
     */
    static ConnectedAmi start(RecordingSink sink, String transcript, Consumer<FakeAmiServer> prepare) throws Exception {
        FakeAmiServer server = new FakeAmiServer("hotline", "s3cret");
        server.respondCoreShowChannels(transcript);
        prepare.accept(server);
        AmiClient client = new AmiClient(new AmiEndpoint("pbx", "127.0.0.1", server.port(), "hotline", "s3cret",
                Duration.ofSeconds(2)), new Backoff(Duration.ofMillis(20), Duration.ofMillis(200), () -> 0.5), sink,
                new FakeClock(Instant.parse("2026-12-01T20:00:00Z")));
        client.start();
        sink.next(AmiConnected.class);
        sink.next(ChannelsSnapshot.class);
        return new ConnectedAmi(server, client);
    }

    @Override
    public void close() {
        client.close();
        server.close();
    }
}
