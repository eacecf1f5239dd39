package io.odysseyguard.client.session;

import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Ends a session given only its {@link SessionCredentials}, the way a client that disconnects does: it opens the
 * session's signaling socket with the token, sends {@code client_disconnecting} and closes with 1000 "Client
 * disconnect". It works on a session whose client is gone (the service keeps such a dangling session for its client
 * to come back); the Odyssey Guard watchdog, its journal reaper and the {@code odyssey-guard} command all end sessions
 * through this one operation. JDK only (see the package).
 *
 * <p>A session whose old socket the service has not yet seen close is refused as "already connected" for a moment
 * (the local server does so): the closer tries again until its budget is spent. It also tries again when the socket
 * opened and then failed before any close came: a service that refuses a socket sends its {@code error} frame and a
 * close with a policy code and drops the connection at once, without waiting for the client's close (Jetty does so for
 * every close code but 1000, 1005 and 3000+), so the {@code client_disconnecting} this closer has already written meets
 * a closed connection, the reset comes back, and the write fails ("Broken pipe") before the refusal is read. Trying
 * again is safe: a close is idempotent, and the next socket hears the session's state as it is.
 */
public final class SessionCloser {

    /** The frame a client sends right before its graceful close (a constant: nothing here parses JSON). */
    static final String CLIENT_DISCONNECTING = "{\"type\":\"client_disconnecting\"}";
    static final String CLOSE_REASON = "Client disconnect";
    private static final long RETRY_PAUSE_MILLIS = 50;
    private static final String NO_ANSWER = "no answer in time";

    /** How a close ended. */
    public enum Status {
        /** The service took the graceful close: the slot is free. */
        CLOSED,
        /** The service refused the socket (the session is closed or unknown, the token expired or is invalid). */
        REFUSED,
        /** The service could not be reached, or did not answer within the budget. */
        UNREACHABLE
    }

    /**
     * @param detail for {@link Status#REFUSED} the service's reason ("session closed", "session token expired"); for
     *               {@link Status#UNREACHABLE} the failure's kind. Never the token.
     */
    public record Result(Status status, String detail) {
        public boolean closed() {
            return status == Status.CLOSED;
        }
    }

    private volatile HttpClient http;

    public SessionCloser(HttpClient http) {
        this.http = http;
    }

    /** With its own HTTP client, created at the first close (a reaper that finds nothing to close never pays for it). */
    public SessionCloser() {
        this.http = null;
    }

    private HttpClient http() {
        HttpClient h = http;
        if (h == null) {
            synchronized (this) {
                h = http;
                if (h == null) {
                    h = HttpClient.newHttpClient();
                    http = h;
                }
            }
        }
        return h;
    }

    /** Ends the session within {@code budget}; never throws. */
    public Result close(SessionCredentials credentials, Duration budget) {
        long deadline = System.nanoTime() + budget.toNanos();
        boolean interrupted = Thread.interrupted(); // a bounded wait: the interrupt is set aside and restored after
        try {
            while (true) {
                Attempt attempt = attempt(credentials, deadline);
                Result result = attempt.result();
                boolean again = attempt.resetAfterOpen()
                        || (result.status() == Status.REFUSED && isStillConnected(result.detail()));
                if (!again || deadline - System.nanoTime() <= TimeUnit.MILLISECONDS.toNanos(RETRY_PAUSE_MILLIS)) {
                    return result;
                }
                try {
                    Thread.sleep(RETRY_PAUSE_MILLIS);
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The service has not yet seen the old client's socket close. */
    private static boolean isStillConnected(String reason) {
        return reason != null && reason.contains("already");
    }

    /** One socket's outcome; {@code resetAfterOpen} when it opened and then failed before the service's close came. */
    private record Attempt(Result result, boolean resetAfterOpen) {
        static Attempt of(Result result) {
            return new Attempt(result, false);
        }
    }

    private Attempt attempt(SessionCredentials credentials, long deadline) {
        Answer answer = new Answer();
        WebSocket ws = null;
        CompletableFuture<WebSocket> opening = null;
        try {
            opening = http().newWebSocketBuilder()
                    .connectTimeout(Duration.ofNanos(remaining(deadline)))
                    .buildAsync(credentials.socketUri(), answer);
            ws = opening.get(remaining(deadline), TimeUnit.NANOSECONDS);
            WebSocket open = ws;
            CompletableFuture<?> sent = open.sendText(CLIENT_DISCONNECTING, true)
                    .thenCompose(s -> open.sendClose(WebSocket.NORMAL_CLOSURE, CLOSE_REASON));
            // The service's answer is its own close: 1000 after ours, or a refusal it sent first.
            Closing closing = answer.closing.get(remaining(deadline), TimeUnit.NANOSECONDS);
            sent.exceptionally(e -> null);
            if (closing.code() == WebSocket.NORMAL_CLOSURE) {
                return Attempt.of(new Result(Status.CLOSED, "closed"));
            }
            return Attempt.of(new Result(Status.REFUSED,
                    closing.reason().isEmpty() ? "close " + closing.code() : closing.reason()));
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            // The HTTP client's own timer and ours share the deadline: whichever fires, it is the same outcome.
            boolean timedOut = cause instanceof java.net.http.HttpTimeoutException;
            Result result = new Result(Status.UNREACHABLE, timedOut ? NO_ANSWER : describe(cause, credentials));
            // An I/O failure once the socket is open (ws set) is the connection dropped under a refusal, or a reset.
            return new Attempt(result, ws != null && !timedOut && cause instanceof java.io.IOException);
        } catch (TimeoutException e) {
            return Attempt.of(new Result(Status.UNREACHABLE, NO_ANSWER));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Attempt.of(new Result(Status.UNREACHABLE, "interrupted"));
        } catch (RuntimeException e) {
            return Attempt.of(new Result(Status.UNREACHABLE, describe(e, credentials)));
        } finally {
            if (ws != null && !answer.closing.isDone()) {
                ws.abort();
            } else if (ws == null && opening != null) {
                // A handshake given up on may still complete: its socket would hold the session "connected" at the
                // service, and every later try would be refused as "already connected". Drop it as soon as it opens.
                opening.whenComplete(SessionCloser::abortLate);
            }
        }
    }

    private static void abortLate(WebSocket late, Throwable failed) {
        if (late != null) {
            late.abort();
        }
    }

    /** The failure's kind and message, the token (and its URL-encoded form) masked should a message quote it. */
    private static String describe(Throwable failure, SessionCredentials credentials) {
        String message = failure.getMessage();
        if (message == null || message.isBlank()) {
            return failure.getClass().getSimpleName();
        }
        String token = credentials.sessionToken();
        String safe = message.replace(token, "***")
                .replace(java.net.URLEncoder.encode(token, java.nio.charset.StandardCharsets.UTF_8), "***");
        return failure.getClass().getSimpleName() + ": " + (safe.length() > 200 ? safe.substring(0, 200) : safe);
    }

    private static long remaining(long deadline) {
        return Math.max(TimeUnit.MILLISECONDS.toNanos(1), deadline - System.nanoTime());
    }

    private record Closing(int code, String reason) {
    }

    /**
     * Hears the service's close: 1000 answering ours, or a refusal (after an {@code error} frame, which needs no
     * reading: the close carries the reason too).
     */
    private static final class Answer implements WebSocket.Listener {
        final CompletableFuture<Closing> closing = new CompletableFuture<>();

        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(Long.MAX_VALUE);
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closing.complete(new Closing(statusCode, reason == null ? "" : reason));
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closing.completeExceptionally(error);
        }
    }
}
