package io.odysseyguard.benchmarks.fire;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * HTTP/1.1 over a plain loopback socket, for the requests no well-behaved client would send: any bytes, cut off
 * anywhere, sent slowly, or dropped. Reads the answer's status line and body within a bound. The request is written
 * by a helper thread while the caller reads, so an answer the server sends before the request is complete (a 413
 * for an announced oversized body) is read rather than lost to a failed write.
 */
public final class RawHttp {

    /** How a raw exchange ended. */
    public enum Outcome { ANSWERED, CLOSED_WITHOUT_ANSWER, NO_ANSWER_IN_TIME }

    /** The server's answer: a status and body when {@link Outcome#ANSWERED}, else {@code -1} and "". */
    public record Answer(Outcome outcome, int status, String body) {
        static Answer none(Outcome outcome) {
            return new Answer(outcome, -1, "");
        }
    }

    private static final ExecutorService WRITERS = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "fire-raw-writer");
        thread.setDaemon(true);
        return thread;
    });

    private final int port;
    private final Duration bound;

    public RawHttp(int port, Duration bound) {
        this.port = port;
        this.bound = bound;
    }

    /** Sends the whole request, then (when {@code halfClose}) ends the output side, and reads the answer. */
    public Answer exchange(byte[] request, boolean halfClose) {
        return exchange(request, halfClose, 0, Duration.ZERO);
    }

    /**
     * Sends the request in pieces of {@code pieceSize} bytes with a pause between them (a slow client; 0 for all at
     * once), and reads the answer.
     */
    public Answer exchange(byte[] request, boolean halfClose, int pieceSize, Duration pause) {
        long deadline = System.nanoTime() + bound.toNanos() + pause.toNanos() * pieces(request.length, pieceSize);
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setTcpNoDelay(true);
            OutputStream out = socket.getOutputStream();
            Future<?> writing = WRITERS.submit(() -> {
                write(out, request, pieceSize, pause);
                if (halfClose) {
                    socket.shutdownOutput();
                }
                return null;
            });
            Answer answer = read(socket, deadline);
            writing.cancel(true);
            return answer;
        } catch (IOException e) {
            return Answer.none(Outcome.CLOSED_WITHOUT_ANSWER);
        }
    }

    /** Sends these bytes (a cut-off request), then drops the connection without waiting for anything. */
    public void sendAndDrop(byte[] part) {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.getOutputStream().write(part);
            socket.getOutputStream().flush();
            socket.setSoLinger(true, 0); // an abrupt end (RST), as a killed process or a dropped network gives
        } catch (IOException e) {
            // The server may refuse early; a drop is a drop.
        }
    }

    private static long pieces(int length, int pieceSize) {
        return pieceSize <= 0 ? 0 : (length + pieceSize - 1) / pieceSize;
    }

    private static void write(OutputStream out, byte[] request, int pieceSize, Duration pause) throws IOException,
            InterruptedException {
        if (pieceSize <= 0) {
            out.write(request);
            out.flush();
            return;
        }
        for (int offset = 0; offset < request.length; offset += pieceSize) {
            out.write(request, offset, Math.min(pieceSize, request.length - offset));
            out.flush();
            Thread.sleep(pause.toMillis());
        }
    }

    /** Reads the status line and the body (by Content-Length, chunked end, or end of stream) until the deadline. */
    private static Answer read(Socket socket, long deadline) throws IOException {
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int headEnd = -1;
        long contentLength = -1;
        boolean chunked = false;
        while (true) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                return headEnd < 0 ? Answer.none(Outcome.NO_ANSWER_IN_TIME) : answered(received, headEnd);
            }
            socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, left));
            int n;
            try {
                n = in.read(buffer);
            } catch (SocketTimeoutException e) {
                continue;
            } catch (IOException e) {
                n = -1; // reset by the peer: whatever arrived before is the answer
            }
            if (n < 0) {
                return headEnd < 0 ? Answer.none(Outcome.CLOSED_WITHOUT_ANSWER) : answered(received, headEnd);
            }
            received.write(buffer, 0, n);
            byte[] all = received.toByteArray();
            if (headEnd < 0) {
                headEnd = indexOf(all, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                if (headEnd >= 0) {
                    String head = new String(all, 0, headEnd, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
                    contentLength = headerNumber(head, "content-length");
                    chunked = head.contains("transfer-encoding: chunked");
                }
            }
            if (headEnd >= 0) {
                int bodyBytes = all.length - headEnd - 4;
                if ((contentLength >= 0 && bodyBytes >= contentLength)
                        || (chunked && new String(all, StandardCharsets.ISO_8859_1).endsWith("\r\n0\r\n\r\n"))) {
                    return answered(received, headEnd);
                }
            }
        }
    }

    private static Answer answered(ByteArrayOutputStream received, int headEnd) {
        byte[] all = received.toByteArray();
        String head = new String(all, 0, headEnd, StandardCharsets.ISO_8859_1);
        String[] statusLine = head.split("\r\n", 2)[0].split(" ", 3);
        int status;
        try {
            status = statusLine.length >= 2 ? Integer.parseInt(statusLine[1]) : -1;
        } catch (NumberFormatException e) {
            status = -1;
        }
        String body = new String(all, headEnd + 4, all.length - headEnd - 4, StandardCharsets.UTF_8);
        return new Answer(status < 0 ? Outcome.CLOSED_WITHOUT_ANSWER : Outcome.ANSWERED, status, body);
    }

    private static long headerNumber(String lowerCaseHead, String name) {
        for (String line : lowerCaseHead.split("\r\n")) {
            if (line.startsWith(name + ":")) {
                try {
                    return Long.parseLong(line.substring(name.length() + 1).trim());
                } catch (NumberFormatException e) {
                    return -1;
                }
            }
        }
        return -1;
    }

    static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
