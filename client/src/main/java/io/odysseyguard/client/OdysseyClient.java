package io.odysseyguard.client;

import io.odysseyguard.client.session.SessionCloser;
import io.odysseyguard.client.session.SessionCredentials;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A client of the Odyssey API, modelled on the official SDK:
 * <pre>{@code
 * try (OdysseyClient client = OdysseyClient.builder().apiKey("ody_...").build()) {
 *     client.connect();
 *     String streamId = client.startStream("a lighthouse at dusk");
 *     client.interact("a storm rolls in");
 *     client.endStream();
 * }
 * }</pre>
 *
 * <p>One client holds at most one connection (a "session" on the server, counted against the
 * plan's concurrent limit) at a time; {@link #connect()} while connected is a no-op. After
 * {@link #disconnect()} the same client may connect again.
 *
 * <p>Threading: all methods are thread-safe. {@code connect()} calls are serialized; stream
 * operations are serialized; {@link #disconnect()} makes a running {@code connect()} give up (also
 * one waiting in the queue), and waits for it only within its own close budget.
 *
 * <p>The client installs no shutdown hook on purpose: a client left open stays open (and its
 * session dangles on the server when the JVM dies). Closing it at exit is the Odyssey Guard
 * agent's job, which calls {@link #disconnect()} from its own hook.
 *
 * <p>This class is the public face: it checks arguments and hands each call to the part that does it (the
 * connection, the streams of the connected session, the Simulate API).
 */
public final class OdysseyClient implements AutoCloseable {

    private final ApiEndpoint endpoint;
    private final Connection connection;
    private final Streams streams;
    private final SimulateApi simulations;
    private final KeyedSessionCloser sessionCloser;

    OdysseyClient(String apiKey, ApiEndpoint endpoint, HttpClient http, Duration keepaliveInterval, Duration queueTimeout,
                  Duration requestTimeout, OdysseyListener listener) {
        this.endpoint = endpoint;
        Secrets secrets = new Secrets();
        SafeListener safeListener = new SafeListener(listener);
        OdysseyApi api = new OdysseyApi(http, endpoint, apiKey, requestTimeout, secrets);
        this.streams = new Streams(requestTimeout, safeListener, secrets);
        this.sessionCloser = new KeyedSessionCloser(new SessionRequests(api, secrets), http, secrets);
        this.connection = new Connection(this, api, http, secrets, keepaliveInterval, queueTimeout, requestTimeout,
                streams, safeListener, sessionCloser);
        this.simulations = new SimulateApi(api);
    }

    public static OdysseyClientBuilder builder() {
        return new OdysseyClientBuilder();
    }

    // ---- connection ------------------------------------------------------------------------

    /**
     * Opens a session: exchanges the API key for an access token (reused while valid), measures
     * region latencies, requests a session (waiting in the queue while the server answers 503),
     * and opens the signaling socket. Returns once the socket is open; keepalives start then.
     * Does nothing when already connected.
     *
     * @throws ConcurrentLimitReachedException and the other {@link OdysseyUsageException}s on 429
     * @throws OdysseyAuthenticationException  when the API key is refused
     * @throws QueueTimeoutException           when no streamer became free within the queue timeout
     * @throws OdysseyException                for any other failure, or when {@link #disconnect()} was called meanwhile
     */
    public void connect() {
        connection.connect();
    }

    /**
     * Ends the session gracefully: stops the keepalive, sends {@code client_disconnecting}, closes
     * the socket with 1000 "Client disconnect" and waits at most about a second for that to be
     * written and answered, so the server frees the slot at once. Idempotent, callable from any
     * thread including a shutdown hook, and never throws. A {@code connect()} running on another
     * thread gives up; a session the service already granted it is ended too (this waits for that
     * within the same second; a JVM exiting during a connect leaves nothing held).
     *
     * <p>When the server does not answer the close (the connection was lost), or the session's connection had
     * already been lost before, the session is one of {@link #lostSessionCredentials()}: what is left of the second
     * goes to one close from its credentials, and the client's retry thread goes on after this returns.
     */
    public void disconnect() {
        connection.disconnect();
    }

    /** Same as {@link #disconnect()}. */
    @Override
    public void close() {
        disconnect();
    }

    /** True while the signaling socket of a session is open. */
    public boolean isConnected() {
        return connection.isConnected();
    }

    /** The id of the current session, or null when not connected. */
    public String sessionId() {
        return connection.sessionId();
    }

    /**
     * The current session's credentials (id, signalling URL, session token and its expiry), or null when not
     * connected: enough to end the session from another process with {@link SessionCloser}, as the Odyssey Guard
     * watchdog does when this JVM dies hard. Like the official SDK's {@code createClientCredentials()}.
     *
     * <p>The token is kept usable while connected: the keepalive thread renews it once less than a third of its
     * lifetime is left, so each call may return a newer token (and a later expiry) for the same session. The token is
     * a secret: keep it out of logs ({@code toString()} leaves it out).
     */
    public SessionCredentials sessionCredentials() {
        return connection.credentials();
    }

    /**
     * The credentials of this client's sessions that the service may still hold although the client lost their
     * signaling socket: the network dropped it (close code 1006, no close frame), or the server never answered the
     * client's close. The service keeps such a session (dangling, for its client to come back) until its heartbeat
     * reaping, minutes later; so the client ends it from these credentials itself, as {@link #closeSession} does, on a
     * daemon thread {@code odyssey-lost-session-N}: at once, then again with a growing pause (250 ms up to 2 s) while
     * the service is out of reach, for at most 5 minutes after the loss; {@link #disconnect()} makes one more attempt
     * within its own second. Each leaves this list when the service took its close, or answered that it no longer
     * holds it. A session whose graceful close is running right now is listed too, until that close is answered (or
     * not: then it stays, as lost): from the moment it stops being {@link #sessionCredentials()} it is always in one
     * of the two, so a reader never misses a session the service still holds.
     *
     * <p>Empty for a client whose sessions all ended normally. The Odyssey Guard agent reads it (as it reads
     * {@link #sessionCredentials()}) to keep such sessions in its watchdog and journal until they are ended, and does
     * not count a client whose session is listed here as released. The tokens are secrets, as in
     * {@link #sessionCredentials()}.
     */
    public List<SessionCredentials> lostSessionCredentials() {
        return connection.lostCredentials();
    }

    /**
     * Ends the session these credentials name, whichever client or process opened it: the way a client disconnects
     * ({@code client_disconnecting} on its signaling socket, then close 1000), which frees the slot at once. Meant
     * for a session whose client is gone (a dangling session, which the service keeps for its client to come back),
     * such as one another JVM held when it died.
     *
     * <p>An expired token (or one that expires within the close's budget, or one the service refuses as expired) is
     * first renewed with one {@code POST /sessions/token}, authorized with this client's API key; the key is not
     * stored anywhere new. The close itself takes at most about a second, as
     * {@link #disconnect()} does (twice that when the service refuses a token as expired that the client's clock still
     * thought valid, which is then renewed); a renewal at most the request timeout. Without a key at hand, use
     * {@code new SessionCloser().close(credentials, budget)}: an expired token is then {@code REFUSED}.
     *
     * <p>Not for this client's own connected session: use {@link #disconnect()} (the service refuses a second socket
     * for a session whose socket is open: {@code REFUSED}). Needs no connection of its own; thread-safe.
     *
     * @return {@code CLOSED}; {@code REFUSED} with the service's reason (the session is already closed or unknown, the
     * token is refused, its renewal was answered 4xx); or {@code UNREACHABLE}. The detail never holds a secret.
     * @throws NullPointerException without credentials; nothing else is thrown
     */
    public SessionCloser.Result closeSession(SessionCredentials credentials) {
        Objects.requireNonNull(credentials, "credentials");
        return sessionCloser.close(credentials);
    }
    // ---- streams ---------------------------------------------------------------------------

    /** Starts a portrait stream (the SDK's default) and returns its id once the server confirms it. */
    public String startStream(String prompt) {
        return startStream(prompt, true);
    }

    /**
     * Sends {@code interactive_stream_start} and waits (up to the request timeout) for
     * {@code stream_started}.
     *
     * @return the stream id
     * @throws OdysseyStreamException when not connected, a stream already runs, the server
     *                                refuses, or no answer comes in time
     */
    public String startStream(String prompt, boolean portrait) {
        requireText(prompt);
        return streams.start(connection::requireSession, prompt, portrait);
    }

    /**
     * Sends an interaction ({@code update}) and waits for {@code update_acknowledged}.
     *
     * @return the prompt as the server acknowledged it
     */
    public String interact(String prompt) {
        requireText(prompt);
        return streams.interact(connection::requireSession, prompt);
    }

    /** Ends the running stream and waits for {@code stream_ended}; does nothing when no stream runs. */
    public void endStream() {
        streams.end(connection::requireSession);
    }

    /** The id of the running stream, or null. */
    public String streamId() {
        return streams.streamId();
    }

    // ---- Simulate API (REST only; needs no connection) -------------------------------------

    /** Submits a Simulate API job ({@code POST /simulation-jobs}). */
    public SimulationJob simulate(SimulationRequest request) {
        Objects.requireNonNull(request, "request");
        return simulations.submit(request);
    }

    /** The job's current state ({@code GET /simulation-jobs/{id}}). */
    public SimulationJob simulationStatus(String jobId) {
        requireText(jobId);
        return simulations.status(jobId);
    }

    /** The account's jobs ({@code GET /simulation-jobs}). */
    public List<SimulationJob> listSimulations() {
        return simulations.list();
    }

    /**
     * Cancels a pending or dispatched job ({@code DELETE /simulation-jobs/{id}}).
     *
     * @return the job as the server reports it after cancelling
     */
    public SimulationJob cancelSimulation(String jobId) {
        requireText(jobId);
        return simulations.cancel(jobId);
    }

    @Override
    public String toString() {
        return "OdysseyClient[apiUrl=" + ApiEndpoint.withoutUserInfo(endpoint.url()) + ", sessionId=" + sessionId()
                + ", connected=" + isConnected() + "]";
    }

    private static void requireText(String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("must not be null or blank");
        }
    }
}
