package io.odysseyguard.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The signaling WebSocket of one session: opens it, serializes outgoing JSON frames (the JDK
 * WebSocket allows one pending send at a time), reassembles incoming text frames, and closes it
 * gracefully within a time budget.
 *
 * <p>The URL carries the session token, so it is never logged or put in a message.
 */
final class SignalingConnection {

    private static final System.Logger LOG = System.getLogger(SignalingConnection.class.getName());

    /** WebSocket close code for a connection that ended without a close frame (RFC 6455 7.4.1). */
    static final int CONNECTION_LOST = 1006;

    /** What the owner hears from the socket; called on the HttpClient's threads. */
    interface Events {
        void onMessage(String type, JsonNode message);

        /** The socket is closed; {@code byServer} is false only after our own graceful close. */
        void onClosed(int code, String reason, boolean byServer);
    }

    private final Events events;
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private volatile WebSocket socket;
    private volatile boolean closingByUs;
    /** The server's close frame arrived (its answer to ours, or its own close); false after a lost connection (1006). */
    private volatile boolean closeFrameReceived;
    private CompletableFuture<?> sendTail = CompletableFuture.completedFuture(null);

    private SignalingConnection(Events events) {
        this.events = events;
    }

    /** Opens the socket, blocking up to {@code timeout}; the handshake names the client as the REST requests do. */
    static SignalingConnection open(HttpClient http, URI uri, Duration timeout, Events events, Secrets secrets) {
        SignalingConnection connection = new SignalingConnection(events);
        CompletableFuture<WebSocket> opening = http.newWebSocketBuilder()
                .connectTimeout(timeout)
                .header("User-Agent", ClientIdentity.userAgent())
                .buildAsync(uri, connection.new Listener());
        try {
            connection.socket = opening.get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
            return connection;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new OdysseyException(NetworkErrors.socketMessage(cause, address(uri), http, uri, timeout, secrets),
                    secrets.scrub(cause));
        } catch (TimeoutException e) {
            opening.cancel(true);
            throw new OdysseyException(secrets.redact("the signaling socket at " + address(uri)
                    + " did not open within " + timeout.toMillis() + " ms"));
        } catch (InterruptedException e) {
            opening.cancel(true);
            Thread.currentThread().interrupt();
            throw new OdysseyException("interrupted while opening the signaling socket");
        }
    }

    /** The socket's URL as a message may show it: without its query, which holds the session token. */
    static String address(URI uri) {
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() == -1 ? "" : ":" + uri.getPort())
                + (uri.getRawPath() == null ? "" : uri.getRawPath());
    }

    boolean isOpen() {
        WebSocket ws = socket;
        return ws != null && !closed.isDone() && !ws.isOutputClosed();
    }

    /** Queues one JSON text frame behind the ones before it. */
    synchronized CompletableFuture<?> send(ObjectNode message) {
        String text = Json.write(message);
        WebSocket ws = socket;
        sendTail = sendTail.handle((ignored, error) -> null)
                .thenCompose(ignored -> ws.sendText(text, true));
        return sendTail;
    }

    private synchronized CompletableFuture<?> sendClose(int code, String reason) {
        WebSocket ws = socket;
        sendTail = sendTail.handle((ignored, error) -> null)
                .thenCompose(ignored -> ws.sendClose(code, reason));
        return sendTail;
    }

    /**
     * Graceful close: {@code client_disconnecting}, then a close frame 1000 "Client disconnect".
     * Waits for the frames to be written and for the server's closing answer, all within
     * {@code budget}; whatever is still open then is aborted. Never throws.
     *
     * @return true when the server's close frame arrived (it answered ours, or had closed first): the server knows
     * the socket ended. False when the connection was lost or no answer came in time: the server may still hold the
     * session (dangling), and only a close from its credentials ends it for sure.
     */
    boolean closeGracefully(Duration budget) {
        WebSocket ws = socket;
        if (ws == null) {
            return false;
        }
        closingByUs = true;
        long deadline = System.nanoTime() + budget.toNanos();
        // An interrupted caller (a guard's release thread, a stopping executor) still gets its slot
        // freed: the wait below is bounded anyway, so the interrupt is set aside and restored after.
        boolean interrupted = Thread.interrupted();
        try {
            if (!ws.isOutputClosed()) {
                send(Json.message("client_disconnecting"));
                CompletableFuture<?> closeSent = sendClose(WebSocket.NORMAL_CLOSURE, "Client disconnect");
                interrupted |= awaitUntil(closeSent, deadline);
            }
            // The server answers our close with its own; waiting for it lets the TCP connection end
            // cleanly instead of with a reset that could cost the server our close frame.
            interrupted |= awaitUntil(closed, deadline);
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "graceful close incomplete: {0}", e.getClass().getSimpleName());
        } finally {
            if (!closed.isDone()) {
                ws.abort();
                closed.complete(null);
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        return closeFrameReceived;
    }

    /** Waits for {@code future} until {@code deadline}, through interrupts; returns whether one came. */
    private static boolean awaitUntil(CompletableFuture<?> future, long deadline)
            throws ExecutionException, TimeoutException {
        boolean interrupted = false;
        while (true) {
            try {
                future.get(remaining(deadline), TimeUnit.NANOSECONDS);
                return interrupted;
            } catch (InterruptedException e) {
                interrupted = true;
                if (deadline - System.nanoTime() <= 0) {
                    throw new TimeoutException();
                }
            }
        }
    }

    private static long remaining(long deadline) {
        return Math.max(1, deadline - System.nanoTime());
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                dispatch(text);
            }
            webSocket.request(1);
            return null;
        }

        private void dispatch(String text) {
            JsonNode message = Json.parse(text);
            String type = Json.text(message, "type");
            if (type == null) {
                LOG.log(System.Logger.Level.DEBUG, "ignoring a signaling frame without a type");
                return;
            }
            try {
                events.onMessage(type, message);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "handling signaling message " + type + " failed", e);
            }
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            if (statusCode == CONNECTION_LOST) {
                // Not a frame the server sent (1006 must never be sent, RFC 6455 7.4.1): the JDK reports a connection
                // reset or ended without a close frame this way at times. The server may hold the session.
                finish(CONNECTION_LOST, "connection lost");
                return null;
            }
            closeFrameReceived = true;
            finish(statusCode, reason);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            LOG.log(System.Logger.Level.DEBUG, "signaling socket failed: {0}", error.getClass().getSimpleName());
            finish(CONNECTION_LOST, "connection lost");
        }

        private void finish(int code, String reason) {
            if (closed.complete(null)) {
                try {
                    events.onClosed(code, reason, !closingByUs);
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "handling the socket's close failed", e);
                }
            }
        }
    }
}
