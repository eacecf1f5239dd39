package io.odysseyguard.benchmarks.latency;

import io.odysseyguard.testsupport.ChildJvm;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * What the guard's journal of a child JVM says: how many sessions it lists. A trigger fired before the journal lists
 * every session would time the first connection's background work (the watchdog's start, the keeper's first write)
 * rather than the release.
 */
final class GuardJournal {

    private GuardJournal() {
    }

    /** Waits until the journal of the JVM {@code pid} in {@code stateDir} lists {@code sessions} sessions. */
    static void awaitSessions(Path stateDir, long pid, int sessions, ChildJvm child, Duration bound) throws Exception {
        long deadline = System.nanoTime() + bound.toNanos();
        while (sessions(stateDir, pid) != sessions) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the journal did not list " + sessions + " sessions" + child.describe());
            }
            Thread.sleep(10);
        }
    }

    /** The sessions the journal lists, or -1 while there is no journal (or it is being replaced). */
    private static int sessions(Path stateDir, long pid) throws IOException {
        if (!Files.isDirectory(stateDir)) {
            return -1;
        }
        Path journal;
        try (Stream<Path> files = Files.list(stateDir)) {
            journal = files.filter(f -> f.getFileName().toString().startsWith("jvm-" + pid + "-")
                    && f.getFileName().toString().endsWith(".journal")).findFirst().orElse(null);
        }
        if (journal == null) {
            return -1;
        }
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(journal)) {
            p.load(in);
        } catch (IOException e) {
            return -1; // being replaced
        }
        return Integer.parseInt(p.getProperty("sessions", "-1"));
    }
}
