package io.odysseyguard.localserver;

import io.javalin.Javalin;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local stand-in for the Odyssey service: its REST API, the signaling WebSocket, session accounting
 * with the real time limits, the Simulate API, {@code GET /usage} and a dashboard at {@code /}.
 *
 * <pre>{@code
 * try (LocalOdysseyServer server = LocalOdysseyServer.start(ServerConfig.defaults().with(c -> c.concurrencyLimit = 2))) {
 *     String apiUrl = server.baseUrl();   // "http://127.0.0.1:PORT"
 *     ...
 *     assertThat(server.usage().concurrentSessions()).isZero();
 * }
 * }</pre>
 *
 * <p>Thread-safe. {@link #close()} stops the server and closes every open socket with 1001 (going away).
 */
public final class LocalOdysseyServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalOdysseyServer.class);

    private final ServerConfig config;
    private final SessionRegistry sessions;
    private final RestApi restApi;
    private final ScheduledExecutorService sweeper;
    private final Javalin app;
    private final String baseUrl;
    private volatile boolean closed;

    private LocalOdysseyServer(ServerConfig config) {
        this.config = config;
        ApiKeys apiKeys = new ApiKeys(config.apiKeys());
        AccessTokens accessTokens = new AccessTokens();
        SessionTokens sessionTokens = new SessionTokens(config.sessionTokenTtl());
        RecordingStore recordings = new RecordingStore();
        this.sessions = new SessionRegistry(config, recordings);
        SimulationQueue simulations = new SimulationQueue(config.simulationQueueLimit(), recordings);

        this.sweeper = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "odyssey-local-sweeper");
            thread.setDaemon(true);
            return thread;
        });
        long periodMillis = sweepPeriod(config).toMillis();
        sweeper.scheduleWithFixedDelay(() -> {
            // A throwing task would silently stop the schedule: contain everything.
            try {
                sessions.sweep();
                simulations.tick();
                accessTokens.prune();
            } catch (RuntimeException e) {
                LOG.error("sweep failed", e);
            }
        }, periodMillis, periodMillis, TimeUnit.MILLISECONDS);

        this.restApi = new RestApi(config, apiKeys, accessTokens, sessionTokens, sessions, simulations, recordings);
        SignalingSocket signaling = new SignalingSocket(sessionTokens, sessions);
        try {
            this.app = HttpServerFactory.create(restApi, signaling, new Dashboard(), config)
                    .start(config.host(), config.port());
        } catch (RuntimeException e) {
            sweeper.shutdownNow();
            throw e;
        }
        this.baseUrl = "http://" + advertisedHost(config.host()) + ":" + app.port();
        LOG.info("local Odyssey server listening on {} ({})", baseUrl, config);
    }

    /** Starts a server with this configuration; returns once it accepts connections. */
    public static LocalOdysseyServer start(ServerConfig config) {
        return new LocalOdysseyServer(Objects.requireNonNull(config, "config"));
    }

    /** The API base URL a client uses, e.g. {@code http://127.0.0.1:54321} (no trailing slash). */
    public String baseUrl() {
        return baseUrl;
    }

    /** The port actually bound (useful when the configuration asked for port 0). */
    public int port() {
        return app.port();
    }

    /** The configuration this server runs with. */
    public ServerConfig config() {
        return config;
    }

    /**
     * The numbers of {@code GET /usage} with a token, summed over every API key: in a test that uses one key, that
     * key's usage. ({@link #usageByKey()} keeps the keys apart.)
     */
    public Usage usage() {
        return restApi.usage(null);
    }

    /** The same as {@code GET /usage} without a token: every API key apart, each against its own limit. */
    public UsageByKey usageByKey() {
        return restApi.usageByKey();
    }

    /**
     * What {@code /usage} and the dashboard call this API key: the first 8 hex digits of its SHA-256
     * ({@code printf %s "$KEY" | sha256sum | cut -c1-8}), never the key itself.
     */
    public static String keyFingerprint(String apiKey) {
        return ApiKeys.fingerprint(ApiKeys.accountId(apiKey));
    }

    /** Stops the server: closes every open socket, then the HTTP listener. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        sweeper.shutdownNow();
        sessions.shutdown();
        app.stop();
    }

    /** Often enough that a 300 ms test timeout fires within ~1.2x, never busier than every 10 ms. */
    static Duration sweepPeriod(ServerConfig config) {
        Duration shortest = config.heartbeatTimeout();
        for (Duration d : new Duration[] {config.connectTimeout(), config.idleTimeout(),
                config.streamLimit(), config.connectionLimit()}) {
            if (d.compareTo(shortest) < 0) {
                shortest = d;
            }
        }
        long millis = Math.max(10, Math.min(250, shortest.toMillis() / 5));
        return Duration.ofMillis(millis);
    }

    /** A wildcard bind address is not something a client can connect to: advertise loopback then. */
    static String advertisedHost(String host) {
        if (host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]")) {
            return "127.0.0.1";
        }
        if (host.contains(":") && !host.startsWith("[")) {
            return "[" + host + "]";
        }
        return host;
    }
}
