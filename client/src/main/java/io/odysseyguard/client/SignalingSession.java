package io.odysseyguard.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.odysseyguard.client.session.SessionCredentials;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/**
 * One session as seen through its signaling socket: the socket and, while the session is in use, the heartbeat that
 * keeps the server from reaping it. It is opened from what identifies a session on the wire (its id, signalling URL
 * and session token), nothing else of the client that requested it; closing it is the graceful close the server
 * counts as a client disconnect.
 *
 * <p>Its {@link #credentials()} stay usable while it is in use: the heartbeat also renews the session token once less
 * than a third of its lifetime is left (one {@code POST /sessions/token} on the keepalive thread, after that beat's
 * keepalive). A failed renewal is logged at DEBUG and tried again at the next beat; it never ends the session, whose
 * open socket needs no token. With the default 10 s heartbeat and 600 s tokens that is at 400 s, with 200 s to spare;
 * a heartbeat slower than a third of the token's lifetime would renew too late.
 */
final class SignalingSession implements SignalingConnection.Events {

    /** The whole graceful close (frames written, server's close answered) fits in this budget. */
    static final Duration CLOSE_BUDGET = Duration.ofSeconds(1);

    /** Logged as the client itself, like the rest of its session's life. */
    private static final System.Logger LOG = System.getLogger(OdysseyClient.class.getName());

    /** What the owner hears, on the HttpClient's threads; {@code from} tells a replaced session's events apart. */
    interface Events {
        void onMessage(SignalingSession from, String type, JsonNode message);

        /** The socket is closed; {@code byServer} is false only after our own graceful close. */
        void onClosed(SignalingSession from, int code, String reason, boolean byServer);
    }

    /** Gets the session a fresh token: {@code POST /sessions/token}. May throw; the caller tries again later. */
    interface TokenRenewal {
        SessionCredentials renewed(SessionCredentials current);
    }

    private final Events events;
    private volatile SessionCredentials credentials;
    /** When the heartbeat renews the token: two thirds into its lifetime as it was known on arrival. */
    private volatile Instant tokenRenewalDue;
    // Set once open() has the socket; events may arrive just before, and they need no socket.
    private volatile SignalingConnection socket;
    private volatile Keepalive keepalive;

    private SignalingSession(SessionCredentials credentials, Events events) {
        this.events = events;
        useCredentials(credentials);
    }

    /** Opens the session's socket, blocking up to {@code timeout}. The heartbeat starts with {@link #startKeepalive}. */
    static SignalingSession open(HttpClient http, SessionCredentials credentials, Duration timeout, Events events,
                                 Secrets secrets) {
        SignalingSession session = new SignalingSession(credentials, events);
        session.socket = SignalingConnection.open(http, credentials.socketUri(), timeout, session, secrets);
        return session;
    }

    String sessionId() {
        return credentials.sessionId();
    }

    /**
     * What ends this session from anywhere (see {@link io.odysseyguard.client.session.SessionCloser}), with the token
     * the heartbeat keeps fresh.
     */
    SessionCredentials credentials() {
        return credentials;
    }

    private void useCredentials(SessionCredentials fresh) {
        Instant now = Instant.now();
        Duration lifetime = Duration.between(now, fresh.expiresAt());
        tokenRenewalDue = lifetime.isNegative() ? now : now.plus(lifetime.multipliedBy(2).dividedBy(3));
        credentials = fresh;
    }

    boolean isOpen() {
        return socket.isOpen();
    }

    /** Queues one JSON message behind the ones before it. */
    CompletableFuture<?> send(ObjectNode message) {
        return socket.send(message);
    }

    /**
     * Starts the heartbeat on its own daemon thread, which holds this session (and so its owner) while it runs; each
     * beat also renews the session token through {@code tokenRenewal} when it is due (see the class).
     */
    void startKeepalive(Duration interval, TokenRenewal tokenRenewal) {
        keepalive = new Keepalive(interval, () -> beat(tokenRenewal));
    }

    private void beat(TokenRenewal tokenRenewal) {
        if (!socket.isOpen()) {
            return;
        }
        socket.send(Json.message("keepalive"));
        renewTokenIfDue(tokenRenewal);
    }

    private void renewTokenIfDue(TokenRenewal tokenRenewal) {
        if (Instant.now().isBefore(tokenRenewalDue)) {
            return;
        }
        SessionCredentials current = credentials;
        try {
            SessionCredentials renewed = tokenRenewal.renewed(current);
            useCredentials(renewed);
            LOG.log(System.Logger.Level.DEBUG, "session token of Odyssey session {0} renewed, valid until {1}",
                    current.sessionId(), renewed.expiresAt());
        } catch (RuntimeException e) {
            // The client's own exceptions carry no secrets in their messages (see Secrets); others only their kind.
            String why = e instanceof OdysseyException ? e.getMessage() : e.getClass().getSimpleName();
            LOG.log(System.Logger.Level.DEBUG, "renewing the session token of Odyssey session {0} failed, "
                    + "trying again at the next heartbeat: {1}", current.sessionId(), why);
        }
    }

    void stopKeepalive() {
        Keepalive running = keepalive;
        if (running != null) {
            running.close();
        }
    }

    /**
     * Ends the session gracefully within {@link #CLOSE_BUDGET}: heartbeat stopped, {@code client_disconnecting}, close
     * 1000 "Client disconnect" (see {@link SignalingConnection#closeGracefully}). Never throws.
     *
     * @return true when the server answered with its close frame; false when the connection was lost or no answer came
     * in time (the server may still hold the session: see {@link LostSessions})
     */
    boolean close() {
        stopKeepalive();
        return socket.closeGracefully(CLOSE_BUDGET);
    }

    @Override
    public void onMessage(String type, JsonNode message) {
        events.onMessage(this, type, message);
    }

    @Override
    public void onClosed(int code, String reason, boolean byServer) {
        events.onClosed(this, code, reason, byServer);
    }
}
