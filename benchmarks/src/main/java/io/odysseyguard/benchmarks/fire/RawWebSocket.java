package io.odysseyguard.benchmarks.fire;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;

/**
 * A WebSocket client on a plain socket that writes whatever frames it is told, well-formed or not (RFC 6455 framing,
 * written out by hand because no library sends an unmasked client frame, a reserved bit, a continuation out of order
 * or a lying length). It reads the server's frames (never masked) to see how the server answered.
 */
public final class RawWebSocket implements Closeable {

    public static final int CONTINUATION = 0x0, TEXT = 0x1, BINARY = 0x2, CLOSE = 0x8, PING = 0x9, PONG = 0xA;

    /** One frame from the server. */
    public record Frame(int opcode, byte[] payload) {
        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        int closeCode() {
            return payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 1005;
        }

        String closeReason() {
            return payload.length > 2 ? new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8) : "";
        }
    }

    /** How the server ended (or did not end) the socket: its close frame, the text frames before it. */
    public record Ending(Kind kind, int code, String reason, List<String> texts) {
        public enum Kind { CLOSE_FRAME, DROPPED, NO_CLOSE_IN_TIME }
    }

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private final Random maskRandom;
    private final int handshakeStatus;

    private RawWebSocket(Socket socket, int handshakeStatus, DataInputStream in, Random maskRandom) throws IOException {
        this.socket = socket;
        this.in = in;
        this.out = socket.getOutputStream();
        this.handshakeStatus = handshakeStatus;
        this.maskRandom = maskRandom;
    }

    /** The opening handshake's request for this path (and query), with any extra header lines. */
    public static byte[] upgradeRequest(int port, String pathAndQuery, Random random, String extraHeaders) {
        byte[] key = new byte[16];
        random.nextBytes(key);
        return ("GET " + pathAndQuery + " HTTP/1.1\r\n"
                + "Host: 127.0.0.1:" + port + "\r\n"
                + "Upgrade: websocket\r\n"
                + "Connection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(key) + "\r\n"
                + "Sec-WebSocket-Version: 13\r\n"
                + extraHeaders
                + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
    }

    /**
     * Opens the socket and performs the handshake; {@link #handshakeStatus()} says whether it was 101. A socket whose
     * handshake was refused should be closed by the caller.
     */
    public static RawWebSocket open(int port, String pathAndQuery, Random random, Duration bound) throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
        try {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout((int) bound.toMillis());
            socket.getOutputStream().write(upgradeRequest(port, pathAndQuery, random, ""));
            socket.getOutputStream().flush();
            DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
            String statusLine = readLine(in);
            String line;
            do {
                line = readLine(in);
            } while (!line.isEmpty());
            String[] parts = statusLine.split(" ", 3);
            int status = parts.length >= 2 ? Integer.parseInt(parts[1]) : -1;
            return new RawWebSocket(socket, status, in, new Random(random.nextLong()));
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e instanceof IOException io ? io : new IOException(e);
        }
    }

    public int handshakeStatus() {
        return handshakeStatus;
    }

    /** A well-formed, masked, final text frame. */
    public void sendText(String text) throws IOException {
        sendFrame(true, 0, TEXT, true, text.getBytes(StandardCharsets.UTF_8));
    }

    /** A close frame with this code and reason (masked, as a client must). */
    public void sendClose(int code, String reason) throws IOException {
        byte[] reasonBytes = reason.getBytes(StandardCharsets.UTF_8);
        ByteBuffer payload = ByteBuffer.allocate(2 + reasonBytes.length).putShort((short) code).put(reasonBytes);
        sendFrame(true, 0, CLOSE, true, payload.array());
    }

    /**
     * Any frame, written in one piece: {@code rsv} is the three reserved bits (0-7); an unmasked client frame is a
     * protocol error.
     */
    public void sendFrame(boolean fin, int rsv, int opcode, boolean masked, byte[] payload) throws IOException {
        ByteArrayOutputStream frame = new ByteArrayOutputStream(payload.length + 14);
        frame.writeBytes(frameHeader(fin, rsv, opcode, masked, payload.length));
        if (masked) {
            byte[] mask = new byte[4];
            maskRandom.nextBytes(mask);
            frame.writeBytes(mask);
            for (int i = 0; i < payload.length; i++) {
                frame.write(payload[i] ^ mask[i % 4]);
            }
        } else {
            frame.writeBytes(payload);
        }
        out.write(frame.toByteArray());
        out.flush();
    }

    /**
     * A frame's header claiming {@code length} bytes, a mask and only these first bytes of payload: a frame that lies
     * about its size (or is cut off).
     */
    public void sendFrameStart(int opcode, long length, byte[] firstBytes) throws IOException {
        byte[] header = frameHeader(true, 0, opcode, true, length);
        byte[] frame = new byte[header.length + 4 + firstBytes.length];
        System.arraycopy(header, 0, frame, 0, header.length);
        System.arraycopy(firstBytes, 0, frame, header.length + 4, firstBytes.length); // mask of zeros: payload as is
        out.write(frame);
        out.flush();
    }

    public void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    static byte[] frameHeader(boolean fin, int rsv, int opcode, boolean masked, long length) {
        ByteArrayOutputStream header = new ByteArrayOutputStream();
        header.write((fin ? 0x80 : 0) | ((rsv & 0x7) << 4) | (opcode & 0xf));
        int maskBit = masked ? 0x80 : 0;
        if (length < 126) {
            header.write(maskBit | (int) length);
        } else if (length <= 0xffff) {
            header.write(maskBit | 126);
            header.write((int) (length >>> 8) & 0xff);
            header.write((int) length & 0xff);
        } else {
            header.write(maskBit | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                header.write((int) (length >>> shift) & 0xff);
            }
        }
        return header.toByteArray();
    }

    /** The next frame from the server, or null at the end of the stream. */
    public Frame readFrame() throws IOException {
        int first;
        try {
            first = in.readUnsignedByte();
        } catch (EOFException e) {
            return null;
        }
        int second = in.readUnsignedByte();
        long length = second & 0x7f;
        if (length == 126) {
            length = in.readUnsignedShort();
        } else if (length == 127) {
            length = in.readLong();
        }
        if (length > 16 * 1024 * 1024) {
            throw new IOException("server frame of " + length + " bytes");
        }
        byte[] mask = null;
        if ((second & 0x80) != 0) {
            mask = new byte[4];
            in.readFully(mask);
        }
        byte[] payload = new byte[(int) length];
        in.readFully(payload);
        if (mask != null) {
            for (int i = 0; i < payload.length; i++) {
                payload[i] ^= mask[i % 4];
            }
        }
        return new Frame(first & 0xf, payload);
    }

    /** Reads until the server's close frame, the end of the stream, or the bound. */
    public Ending awaitEnding(Duration bound) {
        List<String> texts = new ArrayList<>();
        long deadline = System.nanoTime() + bound.toNanos();
        try {
            while (true) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    return new Ending(Ending.Kind.NO_CLOSE_IN_TIME, -1, "", texts);
                }
                socket.setSoTimeout((int) left);
                Frame frame = readFrame();
                if (frame == null) {
                    return new Ending(Ending.Kind.DROPPED, -1, "", texts);
                }
                if (frame.opcode() == TEXT) {
                    texts.add(frame.text());
                } else if (frame.opcode() == CLOSE) {
                    return new Ending(Ending.Kind.CLOSE_FRAME, frame.closeCode(), frame.closeReason(), texts);
                }
            }
        } catch (SocketTimeoutException e) {
            return new Ending(Ending.Kind.NO_CLOSE_IN_TIME, -1, "", texts);
        } catch (IOException e) {
            return new Ending(Ending.Kind.DROPPED, -1, "", texts);
        }
    }

    /** The next text frame within the bound, or null (a close or the end of the stream comes first, or nothing). */
    public String awaitText(Duration bound) {
        long deadline = System.nanoTime() + bound.toNanos();
        try {
            while (true) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    return null;
                }
                socket.setSoTimeout((int) left);
                Frame frame = readFrame();
                if (frame == null || frame.opcode() == CLOSE) {
                    return null;
                }
                if (frame.opcode() == TEXT) {
                    return frame.text();
                }
            }
        } catch (IOException e) {
            return null;
        }
    }

    /** Ends the TCP connection abruptly (RST), as a killed process does. */
    public void abort() {
        try {
            socket.setSoLinger(true, 0);
        } catch (IOException e) {
            // closing anyway
        }
        close();
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // nothing to do
        }
    }

    private static String readLine(DataInputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                break;
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        if (c < 0 && line.length() == 0) {
            throw new EOFException("connection ended during the handshake");
        }
        return line.toString();
    }
}
