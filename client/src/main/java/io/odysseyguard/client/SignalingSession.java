package io.odysseyguard.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.odysseyguard.client.session.SessionCredentials;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * One session as seen through its signaling socket: the socket and, while the session is in use, the heartbeat that
 * keeps the server from reaping it. It is opened from what identifies a session on the wire (its id, signalling URL
 * and session token), nothing else of the client that requested it; closing it is the graceful close the server
 * counts as a client disconnect.
 */
final class SignalingSession implements SignalingConnection.Events {

    /** The whole graceful close (frames written, server's close answered) fits in this budget. */
    static final Duration CLOSE_BUDGET = Duration.ofSeconds(1);

    /** What the owner hears, on the HttpClient's threads; {@code from} tells a replaced session's events apart. */
    interface Events {
        void onMessage(SignalingSession from, String type, JsonNode message);

        /** The socket is closed; {@code byServer} is false only after our own graceful close. */
        void onClosed(SignalingSession from, int code, String reason, boolean byServer);
    }

    private final Events events;
    private volatile SessionCredentials credentials;
    // Set once open() has the socket; events may arrive just before, and they need no socket.
    private volatile SignalingConnection socket;
    private volatile Keepalive keepalive;

    private SignalingSession(SessionCredentials credentials, Events events) {
        this.credentials = credentials;
        this.events = events;
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

    /** What ends this session from anywhere (see {@link io.odysseyguard.client.session.SessionCloser}). */
    SessionCredentials credentials() {
        return credentials;
    }

    boolean isOpen() {
        return socket.isOpen();
    }

    /** Queues one JSON message behind the ones before it. */
    CompletableFuture<?> send(ObjectNode message) {
        return socket.send(message);
    }

    /** Starts the heartbeat on its own daemon thread, which holds this session (and so its owner) while it runs. */
    void startKeepalive(Duration interval) {
        keepalive = new Keepalive(interval, this::beat);
    }

    private void beat() {
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

    /**
     * Ends the session gracefully within {@link #CLOSE_BUDGET}: heartbeat stopped, {@code client_disconnecting}, close
     * 1000 "Client disconnect" (see {@link SignalingConnection#closeGracefully}). Never throws.
     */
    void close() {
        stopKeepalive();
        socket.closeGracefully(CLOSE_BUDGET);
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
