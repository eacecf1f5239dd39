package io.odysseyguard.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

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
 * operations are serialized; {@link #disconnect()} never waits for either, so it can interrupt a
 * {@code connect()} that is waiting in the queue.
 *
 * <p>The client installs no shutdown hook on purpose: a client left open stays open (and its
 * session dangles on the server when the JVM dies). Closing it at exit is the Odyssey Guard
 * agent's job, which calls {@link #disconnect()} from its own hook.
 */
public final class OdysseyClient implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(OdysseyClient.class.getName());

    /** The whole graceful close (frames written, server's close answered) fits in this budget. */
    static final Duration DISCONNECT_BUDGET = Duration.ofSeconds(1);

    private final URI apiUrl;
    private final HttpClient http;
    private final Duration keepaliveInterval;
    private final Duration queueTimeout;
    private final Duration requestTimeout;
    private final OdysseyListener listener;
    private final Secrets secrets = new Secrets();
    private final OdysseyApi api;
    private final RegionLatencies regions;
    private final SessionRequests sessions;
    private final SimulateApi simulations;

    private final ReentrantLock connectLock = new ReentrantLock();
    private final ReentrantLock streamLock = new ReentrantLock();
    /** Guards {@link #session} changes and {@link #epoch}; never held while doing I/O. */
    private final Object stateLock = new Object();
    /** Bumped by every disconnect(); a connect() that sees it change gives up its new session. */
    private long epoch;
    private volatile Session session;
    private volatile String streamId;
    private final AtomicReference<PendingReply> pending = new AtomicReference<>();

    OdysseyClient(String apiKey, URI apiUrl, HttpClient http, Duration keepaliveInterval, Duration queueTimeout,
                  Duration requestTimeout, OdysseyListener listener) {
        this.apiUrl = apiUrl;
        this.http = http;
        this.keepaliveInterval = keepaliveInterval;
        this.queueTimeout = queueTimeout;
        this.requestTimeout = requestTimeout;
        this.listener = listener;
        this.api = new OdysseyApi(http, apiUrl, apiKey, requestTimeout, secrets);
        this.regions = new RegionLatencies(api, http);
        this.sessions = new SessionRequests(api, secrets);
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
        connectLock.lock();
        try {
            if (isConnected()) {
                return;
            }
            long myEpoch;
            synchronized (stateLock) {
                myEpoch = epoch;
            }
            api.accessToken(); // fail fast on a bad key or an unreachable API (cached afterwards)
            Map<String, Long> latencies = measureRegionLatencies();
            SessionRequests.SessionGrant grant = sessions.request(latencies, queueTimeout, () -> abandoned(myEpoch));
            if (abandoned(myEpoch)) {
                // The requested session is never opened; the server expires it after its connect timeout.
                throw abandonedError();
            }
            String sessionToken = sessions.token(grant.sessionId());
            Session opened = new Session(grant.sessionId());
            opened.socket = SignalingConnection.open(http,
                    SignalingConnection.socketUri(grant.signallingUrl(), grant.sessionId(), sessionToken),
                    requestTimeout, opened, secrets);
            boolean published;
            synchronized (stateLock) {
                published = epoch == myEpoch && opened.socket.isOpen();
                if (published) {
                    opened.keepalive = new Keepalive(keepaliveInterval, opened::beat);
                    streamId = null;
                    session = opened;
                }
            }
            if (!published) {
                opened.socket.closeGracefully(DISCONNECT_BUDGET);
                throw abandonedError();
            }
            LOG.log(System.Logger.Level.DEBUG, "Odyssey session {0} connected (region {1})", grant.sessionId(), grant.region());
            notifyListener(l -> l.onConnected(grant.sessionId()));
        } finally {
            connectLock.unlock();
        }
    }

    /**
     * Ends the session gracefully: stops the keepalive, sends {@code client_disconnecting}, closes
     * the socket with 1000 "Client disconnect" and waits at most about a second for that to be
     * written and answered, so the server frees the slot at once. Idempotent, callable from any
     * thread including a shutdown hook, never blocks on a running {@code connect()} (which then
     * gives up) and never throws.
     */
    public void disconnect() {
        try {
            Session closing;
            synchronized (stateLock) {
                epoch++;
                closing = session;
                session = null;
            }
            if (closing == null) {
                return;
            }
            closing.stopKeepalive();
            closing.socket.closeGracefully(DISCONNECT_BUDGET);
            streamId = null;
            failPending("disconnected", "the client disconnected");
            LOG.log(System.Logger.Level.DEBUG, "Odyssey session {0} disconnected", closing.sessionId);
            notifyListener(l -> l.onDisconnected(1000, "Client disconnect", false));
        } catch (Throwable t) {
            // The guard calls this reflectively at JVM exit: nothing may escape.
            try {
                LOG.log(System.Logger.Level.WARNING, "disconnect() failed: {0}", t.getClass().getName());
            } catch (Throwable ignored) {
                // logging may already be shut down
            }
        }
    }

    /** Same as {@link #disconnect()}. */
    @Override
    public void close() {
        disconnect();
    }

    /** True while the signaling socket of a session is open. */
    public boolean isConnected() {
        Session current = session;
        return current != null && current.socket.isOpen();
    }

    /** The id of the current session, or null when not connected. */
    public String sessionId() {
        Session current = session;
        return current == null ? null : current.sessionId;
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
        streamLock.lock();
        try {
            Session current = requireSession();
            if (streamId != null) {
                throw new OdysseyStreamException("stream_active", "a stream is already running; call endStream() first");
            }
            ObjectNode start = Json.message("interactive_stream_start").put("prompt", prompt).put("portrait", portrait);
            JsonNode reply = exchange(current, start, "stream_started");
            String id = Json.text(reply, "stream_id");
            streamId = id;
            return id;
        } finally {
            streamLock.unlock();
        }
    }

    /**
     * Sends an interaction ({@code update}) and waits for {@code update_acknowledged}.
     *
     * @return the prompt as the server acknowledged it
     */
    public String interact(String prompt) {
        requireText(prompt);
        streamLock.lock();
        try {
            Session current = requireSession();
            if (streamId == null) {
                throw new OdysseyStreamException("no_stream", "no stream is running; call startStream() first");
            }
            JsonNode reply = exchange(current, Json.message("update").put("prompt", prompt), "update_acknowledged");
            String acknowledged = Json.text(reply, "prompt");
            return acknowledged == null ? prompt : acknowledged;
        } finally {
            streamLock.unlock();
        }
    }

    /** Ends the running stream and waits for {@code stream_ended}; does nothing when no stream runs. */
    public void endStream() {
        streamLock.lock();
        try {
            if (streamId == null) {
                return;
            }
            exchange(requireSession(), Json.message("interactive_stream_end"), "stream_ended");
            streamId = null;
        } finally {
            streamLock.unlock();
        }
    }

    /** The id of the running stream, or null. */
    public String streamId() {
        return streamId;
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
        return "OdysseyClient[apiUrl=" + apiUrl + ", sessionId=" + sessionId() + ", connected=" + isConnected() + "]";
    }

    // ---- internals -------------------------------------------------------------------------

    private Map<String, Long> measureRegionLatencies() {
        try {
            return regions.ping(regions.regions());
        } catch (OdysseyAuthenticationException | OdysseyUsageException e) {
            throw e; // the session request would fail the same way
        } catch (OdysseyException e) {
            LOG.log(System.Logger.Level.DEBUG, "region discovery failed, letting the server choose: {0}", e.getMessage());
            return Map.of();
        }
    }

    private boolean abandoned(long myEpoch) {
        synchronized (stateLock) {
            return epoch != myEpoch;
        }
    }

    private static OdysseyException abandonedError() {
        return new OdysseyException("connect() was abandoned: disconnect() was called while connecting");
    }

    private Session requireSession() {
        Session current = session;
        if (current == null || !current.socket.isOpen()) {
            throw new OdysseyStreamException("not_connected", "not connected; call connect() first");
        }
        return current;
    }

    /** Sends {@code message} and waits for the reply of {@code expectedType} (or a stream error). */
    private JsonNode exchange(Session current, ObjectNode message, String expectedType) {
        PendingReply waiting = new PendingReply(expectedType, new CompletableFuture<>());
        pending.set(waiting);
        try {
            current.socket.send(message).whenComplete((ignored, error) -> {
                if (error != null) {
                    waiting.reply().completeExceptionally(
                            new OdysseyStreamException("send_failed", "could not send " + Json.text(message, "type")));
                }
            });
            return waiting.reply().get(requestTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new OdysseyStreamException("timeout", "no " + expectedType + " within " + requestTimeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof OdysseyStreamException streamError) {
                throw new OdysseyStreamException(streamError.reason(), streamError.getMessage());
            }
            throw new OdysseyException("waiting for " + expectedType + " failed");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OdysseyStreamException("interrupted", "interrupted while waiting for " + expectedType);
        } finally {
            pending.compareAndSet(waiting, null);
        }
    }

    private void completePending(String type, JsonNode message) {
        PendingReply waiting = pending.get();
        if (waiting != null && waiting.expectedType().equals(type)) {
            waiting.reply().complete(message);
        }
    }

    private void failPending(String reason, String message) {
        PendingReply waiting = pending.get();
        if (waiting != null) {
            waiting.reply().completeExceptionally(new OdysseyStreamException(reason, message));
        }
    }

    private void onMessage(Session from, String type, JsonNode message) {
        if (from != session) {
            return;
        }
        switch (type) {
            case "stream_started" -> {
                String id = Json.text(message, "stream_id");
                streamId = id;
                notifyListener(l -> l.onStreamStarted(id));
                completePending(type, message);
            }
            case "update_acknowledged" -> {
                String prompt = Json.text(message, "prompt");
                notifyListener(l -> l.onInteractAcknowledged(prompt));
                completePending(type, message);
            }
            case "stream_ended" -> {
                streamId = null;
                notifyListener(OdysseyListener::onStreamEnded);
                completePending(type, message);
            }
            case "interactive_stream_error" -> {
                streamId = null;
                String reason = Json.text(message, "reason");
                String text = secrets.redact(Json.text(message, "message"));
                notifyListener(l -> l.onStreamError(reason, text));
                failPending(reason == null ? "stream_error" : reason, "stream error " + reason + ": " + text);
            }
            case "error" -> {
                streamId = null;
                String reason = secrets.redact(Json.text(message, "reason"));
                notifyListener(l -> l.onError(reason));
                failPending("error", "server error: " + reason);
            }
            default -> LOG.log(System.Logger.Level.DEBUG, "ignoring signaling message {0}", type);
        }
    }

    private void onClosed(Session closed, int code, String reason, boolean byServer) {
        boolean wasCurrent;
        synchronized (stateLock) {
            wasCurrent = session == closed;
            if (wasCurrent) {
                session = null;
            }
        }
        closed.stopKeepalive();
        if (!wasCurrent) {
            return; // our own disconnect() already cleaned up and told the listener
        }
        streamId = null;
        failPending("disconnected", "the connection closed (" + code + ")");
        String safeReason = secrets.redact(reason);
        LOG.log(System.Logger.Level.INFO, "Odyssey session {0} was closed by the server: {1} {2}",
                closed.sessionId, String.valueOf(code), safeReason);
        notifyListener(l -> l.onDisconnected(code, safeReason, byServer));
    }

    private void notifyListener(Consumer<OdysseyListener> event) {
        try {
            event.accept(listener);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "an OdysseyListener callback threw", e);
        }
    }

    private static void requireText(String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("must not be null or blank");
        }
    }

    /** A reply a stream operation waits for. */
    private record PendingReply(String expectedType, CompletableFuture<JsonNode> reply) {
    }

    /** One connection: its id, its socket and its heartbeat. */
    private final class Session implements SignalingConnection.Events {
        final String sessionId;
        volatile SignalingConnection socket;
        volatile Keepalive keepalive;

        Session(String sessionId) {
            this.sessionId = sessionId;
        }

        void beat() {
            if (socket.isOpen()) {
                socket.send(Json.message("keepalive"));
            }
        }

        void stopKeepalive() {
            Keepalive running = keepalive;
            if (running != null) {
                running.close();
            }
        }

        @Override
        public void onMessage(String type, JsonNode message) {
            OdysseyClient.this.onMessage(this, type, message);
        }

        @Override
        public void onClosed(int code, String reason, boolean byServer) {
            OdysseyClient.this.onClosed(this, code, reason, byServer);
        }
    }
}
