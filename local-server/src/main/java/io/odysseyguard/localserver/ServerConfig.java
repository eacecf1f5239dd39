package io.odysseyguard.localserver;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Everything the local server can be told, one field per command-line flag. Immutable: {@link #with} returns a
 * checked copy, so a test can start from {@link #defaults()} and change only what it cares about.
 *
 * <p>Defaults are the documented limits of the real service (see the module README).
 *
 * @param host                 interface to bind (and to advertise in URLs when it is not a wildcard address)
 * @param port                 TCP port; 0 picks a free one
 * @param concurrencyLimit     concurrent sessions per API key (the free tier's 5)
 * @param heartbeatTimeout     a session without any message (keepalive) for this long is reaped
 * @param connectTimeout       a requested session whose socket never opens is closed after this
 * @param idleTimeout          a connected session without a stream is closed after this
 * @param streamLimit          one stream may last at most this long
 * @param connectionLimit      one connection may last at most this long
 * @param sessionTokenTtl      how long a session token from {@code POST /sessions/token} opens its socket (its
 *                             {@code expires_in}); whole seconds, at least one (the wire states it in seconds)
 * @param simulationQueueLimit unfinished Simulate API jobs per API key
 * @param apiKeys              accepted API keys; empty means every well-formed key ({@code ody_} plus 8 or more characters)
 * @param streamers            streamers in the pool, shared by all keys; {@link #UNLIMITED_STREAMERS} for no limit.
 *                             When every streamer is taken, {@code POST /sessions/request} answers 503.
 */
public record ServerConfig(
        String host,
        int port,
        int concurrencyLimit,
        Duration heartbeatTimeout,
        Duration connectTimeout,
        Duration idleTimeout,
        Duration streamLimit,
        Duration connectionLimit,
        Duration sessionTokenTtl,
        int simulationQueueLimit,
        List<String> apiKeys,
        int streamers) {

    /** Value of {@link #streamers()} meaning "never answer 503" (the default). */
    public static final int UNLIMITED_STREAMERS = -1;

    // The defaults, as the command line writes them: the one source for defaults(), the flags' defaults and the
    // JUnit extension's annotation.
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 0;
    public static final int DEFAULT_CONCURRENCY_LIMIT = 5;
    public static final String DEFAULT_HEARTBEAT_TIMEOUT = "60s";
    public static final String DEFAULT_CONNECT_TIMEOUT = "40s";
    public static final String DEFAULT_IDLE_TIMEOUT = "15m";
    public static final String DEFAULT_STREAM_LIMIT = "150s";
    public static final String DEFAULT_CONNECTION_LIMIT = "60m";
    /** The real service's documented default {@code expires_in} of a session token. */
    public static final String DEFAULT_SESSION_TOKEN_TTL = "600s";
    public static final int DEFAULT_SIMULATION_QUEUE_LIMIT = 10;

    public ServerConfig {
        Objects.requireNonNull(host, "host");
        if (host.isBlank()) {
            throw new IllegalArgumentException("host must not be blank");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be between 0 and 65535, was " + port);
        }
        if (concurrencyLimit < 1) {
            throw new IllegalArgumentException("concurrency limit must be at least 1, was " + concurrencyLimit);
        }
        if (simulationQueueLimit < 1) {
            throw new IllegalArgumentException("simulation queue limit must be at least 1, was " + simulationQueueLimit);
        }
        if (streamers < 0 && streamers != UNLIMITED_STREAMERS) {
            throw new IllegalArgumentException("streamers must be 0 or more (or unlimited), was " + streamers);
        }
        requirePositive("heartbeat timeout", heartbeatTimeout);
        requirePositive("connect timeout", connectTimeout);
        requirePositive("idle timeout", idleTimeout);
        requirePositive("stream limit", streamLimit);
        requirePositive("connection limit", connectionLimit);
        requirePositive("session token TTL", sessionTokenTtl);
        if (sessionTokenTtl.toSeconds() < 1 || sessionTokenTtl.toNanosPart() != 0) {
            throw new IllegalArgumentException("session token TTL must be whole seconds (expires_in is in seconds), was "
                    + sessionTokenTtl);
        }
        apiKeys = List.copyOf(Objects.requireNonNull(apiKeys, "apiKeys"));
    }

    /** The real service's documented defaults, bound to 127.0.0.1 on a free port. */
    public static ServerConfig defaults() {
        return new ServerConfig(DEFAULT_HOST, DEFAULT_PORT, DEFAULT_CONCURRENCY_LIMIT,
                Durations.parse(DEFAULT_HEARTBEAT_TIMEOUT), Durations.parse(DEFAULT_CONNECT_TIMEOUT),
                Durations.parse(DEFAULT_IDLE_TIMEOUT), Durations.parse(DEFAULT_STREAM_LIMIT),
                Durations.parse(DEFAULT_CONNECTION_LIMIT), Durations.parse(DEFAULT_SESSION_TOKEN_TTL),
                DEFAULT_SIMULATION_QUEUE_LIMIT, List.of(), UNLIMITED_STREAMERS);
    }

    /**
     * This configuration with some fields changed, checked like a new one (the fields as the flags of the same name):
     * <pre>{@code
     * ServerConfig.defaults().with(c -> {
     *     c.concurrencyLimit = 2;
     *     c.heartbeatTimeout = Duration.ofSeconds(2);
     * })
     * }</pre>
     */
    public ServerConfig with(Consumer<Changes> change) {
        Changes changes = new Changes(this);
        change.accept(changes);
        return changes.toConfig();
    }

    /** The fields of a configuration being changed by {@link #with}; see the record's components for each. */
    public static final class Changes {
        public String host;
        public int port;
        public int concurrencyLimit;
        public Duration heartbeatTimeout;
        public Duration connectTimeout;
        public Duration idleTimeout;
        public Duration streamLimit;
        public Duration connectionLimit;
        public Duration sessionTokenTtl;
        public int simulationQueueLimit;
        /** Accept only these keys (the {@code --api-key} flag, repeated); empty accepts every well-formed key. */
        public List<String> apiKeys;
        /** Size of the streamer pool; {@link #UNLIMITED_STREAMERS} for no limit (the default). */
        public int streamers;

        private Changes(ServerConfig c) {
            host = c.host;
            port = c.port;
            concurrencyLimit = c.concurrencyLimit;
            heartbeatTimeout = c.heartbeatTimeout;
            connectTimeout = c.connectTimeout;
            idleTimeout = c.idleTimeout;
            streamLimit = c.streamLimit;
            connectionLimit = c.connectionLimit;
            sessionTokenTtl = c.sessionTokenTtl;
            simulationQueueLimit = c.simulationQueueLimit;
            apiKeys = c.apiKeys;
            streamers = c.streamers;
        }

        private ServerConfig toConfig() {
            return new ServerConfig(host, port, concurrencyLimit, heartbeatTimeout, connectTimeout, idleTimeout,
                    streamLimit, connectionLimit, sessionTokenTtl, simulationQueueLimit, apiKeys, streamers);
        }
    }

    /** Keys are secrets: never print them, even from a test's failure message. */
    @Override
    public String toString() {
        return "ServerConfig[host=" + host + ", port=" + port + ", concurrencyLimit=" + concurrencyLimit
                + ", heartbeatTimeout=" + heartbeatTimeout + ", connectTimeout=" + connectTimeout
                + ", idleTimeout=" + idleTimeout + ", streamLimit=" + streamLimit
                + ", connectionLimit=" + connectionLimit + ", sessionTokenTtl=" + sessionTokenTtl
                + ", simulationQueueLimit=" + simulationQueueLimit
                + ", apiKeys=" + (apiKeys.isEmpty() ? "any well-formed" : apiKeys.size() + " configured")
                + ", streamers=" + (streamers == UNLIMITED_STREAMERS ? "unlimited" : streamers) + "]";
    }

    private static void requirePositive(String what, Duration value) {
        Objects.requireNonNull(value, what);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(what + " must be positive, was " + value);
        }
    }
}
