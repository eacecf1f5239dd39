package io.odysseyguard.benchmarks.fire;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The in-process server's log, as it is written: slf4j-simple (the benchmarks' binding) writes every line to whatever
 * {@code System.err} is at the time, so capturing {@code System.err} sees the server's, Jetty's and Javalin's lines
 * (and anything else the JVM prints there); they are passed on only when asked ({@code echo}), as tens of thousands
 * of INFO lines would bury the report. {@link #close()} puts the old stream back.
 */
public final class ServerLog implements AutoCloseable {

    /** Enough for a full run at INFO; beyond it lines are counted but not kept (and the report says so). */
    private static final int MAX_LINES_KEPT = 500_000;

    private final PrintStream original;
    private final boolean echo;
    private final List<String> lines = new ArrayList<>();
    private long dropped;
    private int scannedUpTo;

    private ServerLog(PrintStream original, boolean echo) {
        this.original = original;
        this.echo = echo;
    }

    /** Starts capturing {@code System.err}; call before the server starts. */
    public static ServerLog capture(boolean echo) {
        ServerLog log = new ServerLog(System.err, echo);
        System.setErr(new PrintStream(log.new Tee(), true, StandardCharsets.UTF_8));
        return log;
    }

    /** The lines written since the last call (for scanning batch by batch). */
    public synchronized List<String> newLines() {
        List<String> fresh = List.copyOf(lines.subList(scannedUpTo, lines.size()));
        scannedUpTo = lines.size();
        return fresh;
    }

    public synchronized int lineCount() {
        return lines.size();
    }

    /** Whether a line containing all these fragments was logged: proves the capture works before trusting a clean scan. */
    public synchronized boolean contains(String... fragments) {
        return lines.stream().anyMatch(line -> {
            for (String fragment : fragments) {
                if (!line.contains(fragment)) {
                    return false;
                }
            }
            return true;
        });
    }

    public synchronized long dropped() {
        return dropped;
    }

    private synchronized void add(String line) {
        if (lines.size() < MAX_LINES_KEPT) {
            lines.add(line);
        } else {
            dropped++;
        }
    }

    @Override
    public void close() {
        System.setErr(original);
    }

    /** Cuts what is written into lines, passing it on when echoing. */
    private final class Tee extends OutputStream {
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();

        @Override
        public synchronized void write(int b) {
            if (echo) {
                original.write(b);
            }
            if (b == '\n') {
                add(line.toString(StandardCharsets.UTF_8));
                line.reset();
            } else {
                line.write(b);
            }
        }

        @Override
        public synchronized void write(byte[] bytes, int offset, int length) {
            if (echo) {
                original.write(bytes, offset, length);
            }
            for (int i = offset; i < offset + length; i++) {
                if (bytes[i] == '\n') {
                    add(line.toString(StandardCharsets.UTF_8));
                    line.reset();
                } else {
                    line.write(bytes[i]);
                }
            }
        }

        @Override
        public void flush() {
            original.flush();
        }
    }
}
