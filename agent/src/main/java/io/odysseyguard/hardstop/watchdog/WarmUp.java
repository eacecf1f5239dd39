package io.odysseyguard.hardstop.watchdog;

import com.sun.net.httpserver.HttpServer;
import io.odysseyguard.client.session.SessionCloser;
import io.odysseyguard.client.session.SessionCredentials;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;

/**
 * Readies the watchdog's closing path while its JVM is alive, so that the closes after the JVM's death do not pay for
 * a cold start (loading and linking the JDK's HTTP and WebSocket client, about half a second on a small machine): one
 * WebSocket opening against the JDK's own HTTP server on loopback, which refuses it (404, it has no handlers).
 */
final class WarmUp {
    private WarmUp() {
    }

    static void run(SessionCloser closer) {
        HttpServer server = null;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.start();
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/warm-up";
            closer.close(new SessionCredentials("warm-up", url, "none", Instant.now()), Duration.ofSeconds(2));
        } catch (Throwable ignored) {
            // only slower later
        } finally {
            if (server != null) {
                server.stop(0);
            }
        }
    }
}
