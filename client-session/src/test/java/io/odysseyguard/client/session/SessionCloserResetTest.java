package io.odysseyguard.client.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A service that refuses a socket may drop the connection right after its close frame, without waiting for the
 * client's (Jetty does for every close code but 1000): the {@code client_disconnecting} the closer has written meets a
 * closed connection and the write fails ("Broken pipe") before the refusal is read. The fire harness saw this as a
 * session it could not release, and {@code SessionCloserTest.aSessionStillHeldByItsClientIsClosedOnceTheClientIsGone}
 * catches it against the real server in nearly every run. Here, deterministically, a hand-made service resets the
 * first socket once the client has written on it (no close frame ever comes) and takes the second one's close: the
 * closer must try again and close, not give up as unreachable.
 */
class SessionCloserResetTest {

    @Test
    void aSocketResetAfterItOpenedIsTriedAgain() throws Exception {
        AtomicInteger sockets = new AtomicInteger();
        try (ServerSocket server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            Thread service = new Thread(() -> serve(server, sockets), "reset-then-close service");
            service.setDaemon(true);
            service.start();
            SessionCredentials credentials = new SessionCredentials("s-1",
                    "http://127.0.0.1:" + server.getLocalPort() + "/signalling", "a.b.c",
                    Instant.now().plusSeconds(60));

            SessionCloser.Result result = new SessionCloser().close(credentials, Duration.ofSeconds(5));

            assertThat(result.status()).as("%s after %d sockets", result.detail(), sockets.get())
                    .isEqualTo(SessionCloser.Status.CLOSED);
            assertThat(sockets.get()).isEqualTo(2);
        }
    }

    /** First socket: 101, then a reset once the client has written. Second: 101, then close 1000 after the client's. */
    private static void serve(ServerSocket server, AtomicInteger sockets) {
        while (!server.isClosed()) {
            try (Socket socket = server.accept()) {
                int n = sockets.incrementAndGet();
                InputStream in = socket.getInputStream();
                OutputStream out = socket.getOutputStream();
                handshake(in, out);
                if (n == 1) {
                    // What the client sees of a refusal whose connection was dropped before the refusal was read:
                    // its socket opened, it wrote, and the connection was reset (no close frame).
                    readFrameOpcode(in);
                    socket.setSoLinger(true, 0); // close() now sends RST
                    continue;
                }
                while (true) {
                    int opcode = readFrameOpcode(in);
                    if (opcode == 0x8 || opcode < 0) {
                        break;
                    }
                }
                out.write(new byte[] {(byte) 0x88, 2, 0x03, (byte) 0xE8}); // close 1000
                out.flush();
                Thread.sleep(100);
            } catch (IOException | InterruptedException e) {
                return;
            }
        }
    }

    /**
     * Reads the upgrade request up to its blank line, byte by byte (a buffered reader would leave the final LF of
     * {@code \r\n\r\n} unread, or read past it into the client's first frame), and answers 101.
     */
    private static void handshake(InputStream in, OutputStream out) throws IOException {
        StringBuilder request = new StringBuilder();
        while (request.length() < 4 || !request.substring(request.length() - 4).equals("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) {
                throw new IOException("the client left during its upgrade request");
            }
            request.append((char) c);
        }
        String key = null;
        for (String line : request.toString().split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("sec-websocket-key:")) {
                key = line.substring(line.indexOf(':') + 1).trim();
            }
        }
        String accept;
        try {
            accept = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1").digest(
                    (key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").getBytes(StandardCharsets.ISO_8859_1)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: " + accept + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /** Reads one client frame (masked) and returns its opcode, or -1 at the end of the stream. */
    private static int readFrameOpcode(InputStream in) throws IOException {
        int first = in.read();
        if (first < 0) {
            return -1;
        }
        long length = in.read() & 0x7f;
        if (length == 126) {
            length = (in.read() << 8) | in.read();
        } else if (length == 127) {
            length = 0;
            for (int i = 0; i < 8; i++) {
                length = (length << 8) | in.read();
            }
        }
        in.readNBytes(4 + (int) length);
        return first & 0x0f;
    }
}
