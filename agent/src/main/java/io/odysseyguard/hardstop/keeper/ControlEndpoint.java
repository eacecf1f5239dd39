package io.odysseyguard.hardstop.keeper;

import io.odysseyguard.guard.output.Reporter;
import io.odysseyguard.hardstop.ControlSocket;
import io.odysseyguard.hardstop.HeldSession;
import io.odysseyguard.hardstop.JvmIdentity;
import io.odysseyguard.hardstop.StatusReply;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

/**
 * This JVM's control socket, which {@code odyssey-guard list} and {@code release} ask: {@code status} answers what it
 * holds, {@code release} releases everything (each connection's own {@code disconnect()}, as at exit) and then
 * answers. Replies carry no token.
 */
final class ControlEndpoint implements AutoCloseable {
    /** What the endpoint asks of the JVM it serves. */
    interface Guarded {
        /** Releases every connection, the report naming {@code trigger}; how many were released. */
        int releaseAll(String trigger);

        /** What it holds now, brought up to date first. */
        List<HeldSession> heldNow();

        /** Its watchdog's pid, 0 without one. */
        long watchdogPid();
    }

    private final JvmIdentity jvm;
    private final Guarded guarded;
    private final ControlSocket.Server server;

    private ControlEndpoint(JvmIdentity jvm, Guarded guarded, Path socket) throws IOException {
        this.jvm = jvm;
        this.guarded = guarded;
        this.server = ControlSocket.serve(socket, this::answer);
    }

    /** Serves {@code jvm}'s control socket in {@code stateDir}; null when it cannot (warned: the rest still works). */
    static ControlEndpoint serve(Path stateDir, JvmIdentity jvm, Guarded guarded) {
        Path socket = ControlSocket.pathOf(stateDir, jvm);
        try {
            return new ControlEndpoint(jvm, guarded, socket);
        } catch (IOException | RuntimeException e) {
            Reporter.warn("`odyssey-guard list` and `release` cannot reach this JVM: no control socket at " + socket
                    + " (" + e.getClass().getName() + (socket.toString().length() > ControlSocket.MAX_PATH_LENGTH
                    ? ": the path is longer than Unix domain sockets allow; set a shorter state-dir" : "") + ")");
            return null;
        }
    }

    /** The requests: {@code status} and {@code release}. */
    Properties answer(Properties request) {
        Properties reply = new Properties();
        if (ControlSocket.RELEASE.equals(request.getProperty(ControlSocket.COMMAND, ""))) {
            int released = guarded.releaseAll("on `odyssey-guard release` (pid " + jvm.pid() + ")");
            reply.setProperty("released", Integer.toString(released));
        }
        StatusReply.write(reply, jvm, guarded.watchdogPid(), guarded.heldNow());
        return reply;
    }

    @Override
    public void close() {
        server.close();
    }
}
