package io.odysseyguard.benchmarks.fire;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The bytes of an HTTP/1.1 request, written by hand so that any part of it can be wrong: its framing headers, its
 * body, or where it stops. Every request asks for {@code Connection: close}, so one socket carries one bad request.
 */
final class RequestBytes {

    private RequestBytes() {
    }

    /** A complete request with its Content-Length (when there is a body). */
    static byte[] complete(String method, String path, String authorization, String contentType, byte[] body) {
        StringBuilder headers = new StringBuilder();
        if (contentType != null) {
            headers.append("Content-Type: ").append(contentType).append("\r\n");
        }
        if (body != null) {
            headers.append("Content-Length: ").append(body.length).append("\r\n");
        }
        return withHeaderLines(method, path, authorization, headers.toString(), body == null ? new byte[0] : body);
    }

    /**
     * A request line, Host, Connection: close, the given header lines (each ending in CRLF) and these body bytes, as
     * they are: for a request whose headers announce something other than what follows.
     */
    static byte[] withHeaderLines(String method, String path, String authorization, String headerLines, byte[] body) {
        String head = method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                + (authorization == null ? "" : "Authorization: " + authorization + "\r\n") + headerLines + "\r\n";
        return concat(head.getBytes(StandardCharsets.UTF_8), body);
    }

    /** The body in chunks of 16 KiB, with the last chunk: a body too big that no Content-Length gives away. */
    static byte[] chunked(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int offset = 0; offset < body.length; offset += 16 * 1024) {
            int length = Math.min(16 * 1024, body.length - offset);
            out.writeBytes((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body, offset, length);
            out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** Text as one byte per character, so that a NUL or a high character goes out as that very byte. */
    static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }
}
