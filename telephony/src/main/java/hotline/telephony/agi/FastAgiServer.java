package hotline.telephony.agi;

import hotline.telephony.agi.internal.InboundAgiScript;
import java.io.IOException;
import java.net.InetAddress;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.asteriskjava.fastagi.AgiScript;
import org.asteriskjava.fastagi.DefaultAgiServer;
import org.asteriskjava.util.ServerSocketFacade;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The FastAGI server the pbx dialplan calls for every inbound 12345 call ({@code agi://host:port/inbound}),
 * built on Asterisk-Java's {@link DefaultAgiServer}. Any other script name is refused by Asterisk-Java
 * (the dialplan then takes the fallback path).
 */
public final class FastAgiServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(FastAgiServer.class);
    /** The script name in the AGI URL. */
    public static final String INBOUND = "inbound";

    private final String host;
    private final int port;
    private final CompletableFuture<Void> bound = new CompletableFuture<>();
    private final DefaultAgiServer server;
    private Thread acceptor;

    /**
     * @param poolSize FastAGI sessions served at once (each inbound call holds one for a few milliseconds)
     */
    public FastAgiServer(String host, int port, int poolSize, InboundCallHandler handler) {
        this(host, port, poolSize, handler, java.util.Map.of());
    }

    /**
     * @param poolSize FastAGI sessions served at once (an inbound decision holds one for milliseconds, a caller in
     *                 the menu for as long as they are in it)
     * @param scripts  further scripts by name (the name in the AGI URL), e.g. {@code ivr}; {@value #INBOUND} is
     *                 reserved
     */
    public FastAgiServer(String host, int port, int poolSize, InboundCallHandler handler,
                         java.util.Map<String, AgiScript> scripts) {
        this.host = Objects.requireNonNull(host, "host");
        this.port = port;
        if (scripts.containsKey(INBOUND)) {
            throw new IllegalArgumentException("script name " + INBOUND + " is reserved");
        }
        java.util.Map<String, AgiScript> all = new java.util.HashMap<>(scripts);
        all.put(INBOUND, new InboundAgiScript(handler));
        this.server = new DefaultAgiServer((org.asteriskjava.fastagi.MappingStrategy) (request, channel) ->
                all.get(request.getScript())) {
            @Override
            protected ServerSocketFacade createServerSocket() throws IOException {
                try {
                    ServerSocketFacade s = super.createServerSocket();
                    bound.complete(null);
                    return s;
                } catch (IOException e) {
                    bound.completeExceptionally(e);
                    throw e;
                }
            }
        };
        server.setPort(port);
        server.setPoolSize(poolSize);
        server.setMaximumPoolSize(Math.max(poolSize, 4 * poolSize));
    }

    /** Binds and starts accepting; fails with IOException if the port cannot be bound. */
    public void start() throws IOException {
        server.setAddress(InetAddress.getByName(host));
        acceptor = new Thread(() -> {
            try {
                server.startup();
            } catch (IOException e) {
                bound.completeExceptionally(e);
            }
        }, "fastagi-acceptor");
        acceptor.setDaemon(true);
        acceptor.start();
        try {
            bound.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IOException("FastAGI cannot listen on " + host + ":" + port + ": " + e.getCause().getMessage(),
                    e.getCause());
        } catch (TimeoutException e) {
            throw new IOException("FastAGI did not bind " + host + ":" + port + " within 10 s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while binding FastAGI", e);
        }
        log.info("FastAGI listening on {}:{}", host, port);
    }

    @Override
    public void close() {
        try {
            server.shutdown();
        } catch (IllegalStateException e) {
            log.debug("FastAGI was not running: {}", e.getMessage());
        }
    }
}
