package io.odysseyguard.benchmarks.latency;

import io.odysseyguard.localserver.CloseReason;
import io.odysseyguard.localserver.LocalOdysseyServer;
import io.odysseyguard.localserver.Usage;
import io.odysseyguard.testsupport.ChildJvm;
import io.odysseyguard.testsupport.ChildJvmBuilder;
import io.odysseyguard.testsupport.ClassPath;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One run: a fresh child JVM ({@link LatencyApp}, with the agent or without) opens its connections against the server,
 * the trigger fires, and the server's own close times give each session's latency from the trigger. A fresh API key
 * and state directory per run, so no run sees another's sessions or journal.
 */
final class LatencyRunner {
    private static final Duration START = Duration.ofMinutes(2);
    private static final Duration SETTLE = Duration.ofSeconds(30);
    /** After the journal lists every session: the watchdog's start and the keeper's write have settled. */
    private static final long QUIET_MILLIS = 300;

    /**
     * A run's figures, in microseconds: each session's latency (empty when the run failed or none were measured),
     * the trigger to the process's end as this JVM sees it, and to {@code close()}'s return (-1 but for the loader).
     */
    record Run(List<Long> latenciesMicros, long exitMicros, long closeReturnedMicros) {
    }

    private final LocalOdysseyServer server;
    private final Path agent;
    private final String agentOptions;
    private final Path java;

    LatencyRunner(LocalOdysseyServer server, Path agent, String agentOptions, Path java) {
        this.server = server;
        this.agent = agent;
        this.agentOptions = agentOptions;
        this.java = java;
    }

    /** A guarded run; {@code mode} is what the application does on the go ({@link LatencyApp}). */
    Run run(String trigger, int n, String mode) throws Exception {
        return run(trigger, n, mode, true);
    }

    Run run(String trigger, int n, String mode, boolean guarded) throws Exception {
        Path home = Files.createTempDirectory(Path.of("/tmp"), "oglat-");
        Path go = home.resolve("go");
        boolean keep = false;
        String apiKey = "ody_latency_" + HexFormat.of().formatHex(new SecureRandom().generateSeed(8));
        ChildJvmBuilder builder = ChildJvm.builder().classPath(ClassPath.ofThisJvm())
                .main(LatencyApp.class.getName(), server.baseUrl(), Integer.toString(n), mode, go.toString())
                .env("XDG_STATE_HOME", home.toString()).env("ODYSSEY_API_KEY", apiKey);
        if (guarded) {
            builder.agent(agent, agentOptions);
        }
        if (java != null) {
            builder.java(java);
        }
        try (ChildJvm child = builder.start()) {
            child.awaitLine("ready", START);
            List<String> ids = child.stdout().lines().filter(l -> l.startsWith("session="))
                    .map(l -> l.substring("session=".length())).toList();
            if (ids.size() != n) {
                throw new IllegalStateException("expected " + n + " sessions" + child.describe());
            }
            if (guarded) {
                GuardJournal.awaitSessions(home.resolve("odyssey-guard"), child.pid(), n, child, SETTLE);
            }
            Thread.sleep(QUIET_MILLIS);
            Optional<ProcessHandle> watchdog = ProcessHandle.of(child.pid()).flatMap(p -> p.children()
                    .filter(c -> c.info().commandLine().orElse("").contains("Watchdog")).findFirst());

            Instant trigger0 = null;
            switch (trigger) {
                case "sigterm" -> {
                    trigger0 = Instant.now();
                    child.signal(ChildJvm.Signal.TERM);
                }
                case "kill" -> {
                    trigger0 = Instant.now();
                    child.signal(ChildJvm.Signal.KILL);
                }
                default -> Files.createFile(go);
            }
            child.awaitExit(START);
            Instant ended = Instant.now();
            if (trigger0 == null) {
                trigger0 = Instant.parse(line(child, "trigger="));
            }
            long closeReturned = -1;
            if (mode.equals("loader")) {
                closeReturned = micros(trigger0, Instant.parse(line(child, "close-returned=")));
            }
            List<Long> latencies;
            try {
                latencies = mode.equals("exit-none") ? List.of() : awaitClosed(ids, trigger0, child);
            } catch (IllegalStateException e) {
                keep = true;
                System.out.printf(Locale.ROOT, "  FAILED (%s, %d connections): %s; its state directory is kept: %s%n",
                        trigger, n, e.getMessage().lines().findFirst().orElse(""), home);
                return new Run(List.of(), micros(trigger0, ended), closeReturned);
            }
            watchdog.ifPresent(w -> w.onExit().orTimeout(SETTLE.toSeconds(), TimeUnit.SECONDS)
                    .exceptionally(e -> null).join());
            if (!child.stderr().isBlank() && !child.stderr().lines().allMatch(l -> l.contains("released "))) {
                System.out.println("  (child's stderr: " + child.stderr().strip().replace('\n', ' ') + ")");
            }
            return new Run(latencies, micros(trigger0, ended), closeReturned);
        } finally {
            if (!keep) {
                deleteTree(home);
            }
        }
    }

    /** Polls {@code /usage} until every session is closed; their latencies from {@code trigger}, in microseconds. */
    private List<Long> awaitClosed(List<String> ids, Instant trigger, ChildJvm child) throws Exception {
        long deadline = System.nanoTime() + SETTLE.toNanos();
        while (true) {
            Usage usage = server.usage();
            Map<String, Usage.SessionInfo> byId = new LinkedHashMap<>();
            for (Usage.SessionInfo s : usage.sessions()) {
                byId.put(s.sessionId(), s);
            }
            List<Long> latencies = new ArrayList<>(ids.size());
            boolean allClosed = true;
            for (String id : ids) {
                Usage.SessionInfo s = byId.get(id);
                if (s == null || s.closedAt() == null) {
                    allClosed = false;
                    break;
                }
                if (s.closeReason() != CloseReason.CLIENT_DISCONNECT) {
                    throw new IllegalStateException("session closed by " + s.closeReason() + child.describe());
                }
                latencies.add(micros(trigger, s.closedAt()));
            }
            if (allClosed) {
                return latencies;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("not every session was closed within " + SETTLE + child.describe());
            }
            Thread.sleep(5);
        }
    }

    private static String line(ChildJvm child, String prefix) {
        return child.stdout().lines().filter(l -> l.startsWith(prefix)).map(l -> l.substring(prefix.length()))
                .findFirst().orElseThrow(() -> new IllegalStateException("no " + prefix + child.describe()));
    }

    private static long micros(Instant from, Instant to) {
        Duration d = Duration.between(from, to);
        return d.getSeconds() * 1_000_000 + d.getNano() / 1_000;
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind in /tmp
        }
    }
}
