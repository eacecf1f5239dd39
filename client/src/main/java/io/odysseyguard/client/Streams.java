package io.odysseyguard.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The streams of the current session: start, interact, end. One operation at a time, each a request and its reply
 * over the signaling socket: it sends a message and waits, bounded by the request timeout, for the reply's type or
 * for a stream error. The running stream's id follows what the server says, so a stream the server ends on its own
 * is over here too.
 */
final class Streams {

    /** Logged as the client itself: that is the name applications configure. */
    private static final System.Logger LOG = System.getLogger(OdysseyClient.class.getName());

    private final Duration requestTimeout;
    private final SafeListener listener;
    private final Secrets secrets;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile String streamId;
    private final AtomicReference<PendingReply> pending = new AtomicReference<>();

    Streams(Duration requestTimeout, SafeListener listener, Secrets secrets) {
        this.requestTimeout = requestTimeout;
        this.listener = listener;
        this.secrets = secrets;
    }

    /**
     * Sends {@code interactive_stream_start} on the session {@code current} gives (asked once the operation's turn
     * has come) and waits for {@code stream_started}; returns the stream id.
     */
    String start(Supplier<SignalingSession> current, String prompt, boolean portrait) {
        lock.lock();
        try {
            SignalingSession session = current.get();
            if (streamId != null) {
                throw new OdysseyStreamException("stream_active", "a stream is already running; call endStream() first");
            }
            ObjectNode start = Json.message("interactive_stream_start").put("prompt", prompt).put("portrait", portrait);
            JsonNode reply = exchange(session, start, "stream_started");
            String id = Json.text(reply, "stream_id");
            streamId = id;
            return id;
        } finally {
            lock.unlock();
        }
    }

    /** Sends an {@code update} and waits for {@code update_acknowledged}; returns the acknowledged prompt. */
    String interact(Supplier<SignalingSession> current, String prompt) {
        lock.lock();
        try {
            SignalingSession session = current.get();
            if (streamId == null) {
                throw new OdysseyStreamException("no_stream", "no stream is running; call startStream() first");
            }
            JsonNode reply = exchange(session, Json.message("update").put("prompt", prompt), "update_acknowledged");
            String acknowledged = Json.text(reply, "prompt");
            return acknowledged == null ? prompt : acknowledged;
        } finally {
            lock.unlock();
        }
    }

    /** Sends {@code interactive_stream_end} and waits for {@code stream_ended}; nothing when no stream runs. */
    void end(Supplier<SignalingSession> current) {
        lock.lock();
        try {
            if (streamId == null) {
                return;
            }
            exchange(current.get(), Json.message("interactive_stream_end"), "stream_ended");
            streamId = null;
        } finally {
            lock.unlock();
        }
    }

    /** The running stream's id, or null. */
    String streamId() {
        return streamId;
    }

    /** A new session starts without a stream. */
    void sessionStarted() {
        streamId = null;
    }

    /** The session is gone: so is its stream, and an operation waiting for a reply fails as {@code disconnected}. */
    void sessionEnded(String why) {
        streamId = null;
        failPending("disconnected", why);
    }

    /** A message of the current session. */
    void onMessage(String type, JsonNode message) {
        switch (type) {
            case "stream_started" -> {
                String id = Json.text(message, "stream_id");
                streamId = id;
                listener.tell(l -> l.onStreamStarted(id));
                completePending(type, message);
            }
            case "update_acknowledged" -> {
                String prompt = Json.text(message, "prompt");
                listener.tell(l -> l.onInteractAcknowledged(prompt));
                completePending(type, message);
            }
            case "stream_ended" -> {
                streamId = null;
                listener.tell(OdysseyListener::onStreamEnded);
                completePending(type, message);
            }
            case "interactive_stream_error" -> {
                streamId = null;
                String reason = Json.text(message, "reason");
                String text = secrets.redact(Json.text(message, "message"));
                listener.tell(l -> l.onStreamError(reason, text));
                failPending(reason == null ? "stream_error" : reason, "stream error " + reason + ": " + text);
            }
            case "error" -> {
                streamId = null;
                String reason = secrets.redact(Json.text(message, "reason"));
                listener.tell(l -> l.onError(reason));
                failPending("error", "server error: " + reason);
            }
            default -> LOG.log(System.Logger.Level.DEBUG, "ignoring signaling message {0}", type);
        }
    }

    /** Sends {@code message} and waits for the reply of {@code expectedType} (or a stream error). */
    private JsonNode exchange(SignalingSession session, ObjectNode message, String expectedType) {
        PendingReply waiting = new PendingReply(expectedType, new CompletableFuture<>());
        pending.set(waiting);
        try {
            session.send(message).whenComplete((ignored, error) -> {
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

    /** A reply a stream operation waits for. */
    private record PendingReply(String expectedType, CompletableFuture<JsonNode> reply) {
    }
}
