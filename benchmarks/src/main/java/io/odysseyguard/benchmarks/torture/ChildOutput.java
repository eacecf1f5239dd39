package io.odysseyguard.benchmarks.torture;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a child JVM said, read from its output files: the sessions its generations connected, who closed each (its
 * listener's lines), the exceptions it saw, the guard's lines on standard error. Read again at every check; each check
 * takes the lines new since the last one.
 */
final class ChildOutput {
    /** A session the child connected, and every close of it the child saw. */
    static final class Session {
        final String id;
        final String generation;
        final List<String> closers = new ArrayList<>();
        boolean lost;

        Session(String id, String generation) {
            this.id = id;
            this.generation = generation;
        }
    }

    final Map<String, Session> sessions = new LinkedHashMap<>();
    /** What each careful generation's own cleanup said: {@code ok N}, or {@code broken REASON}. */
    final Map<String, String> cleanups = new LinkedHashMap<>();
    private int stdoutSeen;
    private int stderrSeen;

    /** Parses standard output's new lines; returns the new {@code exception} lines. */
    List<String> readStdout(String stdout) {
        List<String> exceptions = new ArrayList<>();
        List<String> lines = stdout.lines().toList();
        // a last line without its newline may be half written: leave it for the next read
        int complete = stdout.endsWith("\n") ? lines.size() : lines.size() - 1;
        for (int i = stdoutSeen; i < complete; i++) {
            String[] w = lines.get(i).split(" ");
            switch (w[0]) {
                case "session" -> sessions.putIfAbsent(w[2], new Session(w[2], w[1]));
                case "closed" -> session(w[1]).closers.add(w[3]);
                case "lost" -> session(w[1]).lost = true;
                case "exception" -> exceptions.add(lines.get(i));
                case "cleanup" -> cleanups.merge(w[1], lines.get(i).substring(("cleanup " + w[1] + " ").length()),
                        (first, later) -> first.startsWith("broken") ? first : later);
                default -> {
                }
            }
        }
        stdoutSeen = Math.max(stdoutSeen, complete);
        return exceptions;
    }

    /** The guard's new lines on standard error ({@code odyssey-guard: ...}). */
    List<String> readGuardLines(String stderr) {
        List<String> lines = stderr.lines().toList();
        int complete = stderr.endsWith("\n") ? lines.size() : lines.size() - 1;
        List<String> out = new ArrayList<>();
        for (int i = stderrSeen; i < complete; i++) {
            if (lines.get(i).startsWith("odyssey-guard: ")) {
                out.add(lines.get(i));
            }
        }
        stderrSeen = Math.max(stderrSeen, complete);
        return out;
    }

    private Session session(String id) {
        return sessions.computeIfAbsent(id, i -> new Session(i, "?"));
    }
}
