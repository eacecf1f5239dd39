package io.odysseyguard.cli;

import io.odysseyguard.hardstop.ControlSocket;
import io.odysseyguard.hardstop.StatusReply;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Asks a running guarded JVM over its {@link ControlSocket}, bounded: a JVM that is stopped ({@code SIGSTOP}, a
 * debugger's breakpoint) accepts the connection but never answers, and the command must not hang on it.
 */
final class ControlClient {
    /** How long a {@code status} may take. */
    static final Duration STATUS_TIMEOUT = Duration.ofSeconds(5);
    /**
     * How long a {@code release} may take: the JVM closes its connections in parallel, each within its
     * {@code release-timeout} (2 s by default, at most 10 min).
     */
    static final Duration RELEASE_TIMEOUT = Duration.ofSeconds(60);

    private ControlClient() {
    }

    static StatusReply.JvmSessions status(Path socket) throws IOException {
        return ask(socket, ControlSocket.STATUS, STATUS_TIMEOUT);
    }

    /** Has the JVM release its connections; its reply says what it still holds afterwards. */
    static StatusReply.JvmSessions release(Path socket) throws IOException {
        return ask(socket, ControlSocket.RELEASE, RELEASE_TIMEOUT);
    }

    private static StatusReply.JvmSessions ask(Path socket, String command, Duration timeout) throws IOException {
        Properties request = new Properties();
        request.setProperty(ControlSocket.COMMAND, command);
        CompletableFuture<Properties> reply = new CompletableFuture<>();
        Thread asking = new Thread(() -> {
            try {
                reply.complete(ControlSocket.ask(socket, request));
            } catch (Throwable t) {
                reply.completeExceptionally(t);
            }
        }, "odyssey-guard-ask");
        asking.setDaemon(true); // one that never gets an answer must not keep the command alive
        asking.start();
        try {
            return StatusReply.read(reply.get(timeout.toMillis(), TimeUnit.MILLISECONDS));
        } catch (TimeoutException e) {
            asking.interrupt(); // closes the channel: an interruptible one
            throw new IOException("no answer within " + timeout.toSeconds() + " s");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw new IOException(cause instanceof IOException ? describe(cause)
                    : "bad reply (" + cause.getClass().getSimpleName() + ")");
        } catch (IllegalArgumentException e) {
            throw new IOException("bad reply");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
    }

    /** {@code ConnectException: Connection refused}: a socket's failure (its message names no secret). */
    private static String describe(Throwable t) {
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getClass().getSimpleName() + ": " + t.getMessage();
    }
}
