package io.odysseyguard.localserver;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Everything the local server can be told, one field per command-line flag. Immutable: every
 * {@code withX} returns a copy, so a test can start from {@link #defaults()} and change only what it cares about.
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
        int simulationQueueLimit,
        List<String> apiKeys,
        int streamers) {

    /** Value of {@link #streamers()} meaning "never answer 503". */
    public static final int UNLIMITED_STREAMERS = -1;

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
        apiKeys = List.copyOf(Objects.requireNonNull(apiKeys, "apiKeys"));
    }

    /** The real service's documented defaults, bound to 127.0.0.1 on a free port. */
    public static ServerConfig defaults() {
        return new ServerConfig("127.0.0.1", 0, 5,
                Duration.ofSeconds(60), Duration.ofSeconds(40), Duration.ofMinutes(15),
                Duration.ofSeconds(150), Duration.ofMinutes(60), 10, List.of(), UNLIMITED_STREAMERS);
    }

    public ServerConfig withHost(String host) {
        return new ServerConfig(host, port, concurrencyLimit, heartbeatTimeout, connectTimeout, idleTimeout,
                streamLimit, connectionLimit, simulationQueueLimit, apiKeys, streamers);
    }

    public ServerConfig withPort(int port) {
        return new ServerConfig(host, port, concurrencyLimit, heartbeatTimeout, connectTimeout, idleTimeout,
                streamLimit, connectionLimit, simulationQueueLimit, apiKeys, streamers);
    }

    public ServerConfig withConcurrencyLimit(int concurrencyLimit) {
        return new ServerConfig(host, port, concurrencyLimit, heartbeatTimeout, connectTimeout, idleTimeout,
                streamLimit, connectionLimit, simulationQueueLimit, apiKeys, streamers);
    }

    public ServerConfig withHeartbeatTimeout(Duration heartbeatTimeout) {
        return new ServerConfig(host, port, concurrencyLimit, heartbeatTimeout, connectTimeout, idleTimeout,
                streamLimit, connectionLimit, simulationQueueLimit, apiKeys, streamers);
    }

    public ServerConfig withConnectTimeout(Duration connectTimeout) {
        return new ServerConfig(host, port, concurrencyLimit, heartbeatTimeout, connectTimeout, idleTimeout,
                streamLimit, connectionLimit, simulationQueueLimit, apiKeys, streamers);
    }

    public ServerConfig withIdleTimeout(Duration idleTimeout) {
        return new ServerConfig(host, port, concurrencyLimit, heartbeatTimeout, connectTimeout, idleTimeout,
                streamLimit, connectionLimit, simulationQueueLimit, apiKeys, streamers);
    }

    public ServerConfig withStreamLimit(Duration streamLimit) {
        return new ServerConfig(host, port, concurrencyLimit, heartbeatTimeout, connectTimeout, idleTimeout,
                streamLimit, connectionLimit, simulationQueueLimit, apiKeys, streamers);
    }

    public ServerConfig withConnectionLimit(Duration connectionLimit) {
        return new ServerConfig(host, port, concurrencyLimit, heartbeatTimeout, connectTimeout, idleTimeout,
                streamLimit, connectionLimit, simulationQueueLimit, apiKeys, streamers);
    }

    public ServerConfig withSimulationQueueLimit(int simulationQueueLimit) {
        return new ServerConfig(host, port, concurrencyLimit, heartbeatTimeout, connectTimeout, idleTimeout,
                streamLimit, connectionLimit, simulationQueueLimit, apiKeys, streamers);
    }

    /** Accept only these keys (the {@code --api-key} flag, repeated). An empty list accepts every well-formed key. */
    public ServerConfig withApiKeys(List<String> apiKeys) {
        return new ServerConfig(host, port, concurrencyLimit, heartbeatTimeout, connectTimeout, idleTimeout,
                streamLimit, connectionLimit, simulationQueueLimit, apiKeys, streamers);
    }

    /** Accept only these keys; see {@link #withApiKeys(List)}. */
    public ServerConfig withApiKeys(String... apiKeys) {
        return withApiKeys(List.of(apiKeys));
    }

    /** Size of the streamer pool; {@link #UNLIMITED_STREAMERS} for no limit (the default). */
    public ServerConfig withStreamers(int streamers) {
        return new ServerConfig(host, port, concurrencyLimit, heartbeatTimeout, connectTimeout, idleTimeout,
                streamLimit, connectionLimit, simulationQueueLimit, apiKeys, streamers);
    }

    /** Keys are secrets: never print them, even from a test's failure message. */
    @Override
    public String toString() {
        return "ServerConfig[host=" + host + ", port=" + port + ", concurrencyLimit=" + concurrencyLimit
                + ", heartbeatTimeout=" + heartbeatTimeout + ", connectTimeout=" + connectTimeout
                + ", idleTimeout=" + idleTimeout + ", streamLimit=" + streamLimit
                + ", connectionLimit=" + connectionLimit + ", simulationQueueLimit=" + simulationQueueLimit
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
