package io.odysseyguard.benchmarks;

import io.odysseyguard.client.OdysseyClient;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The child of {@link FirstConnectionBenchmark}: {@code FirstConnect <api url> <state dir>} connects two clients,
 * prints how long each {@code connect()} took and how long after the first returned its session was in the journal
 * (i.e. covered against a hard stop; -1 without the guard), then disconnects and exits.
 */
public final class FirstConnect {
    private FirstConnect() {
    }

    public static void main(String[] args) throws Exception {
        OdysseyClient first = OdysseyClient.builder().apiKey("ody_benchmark").apiUrl(args[0]).build();
        OdysseyClient second = OdysseyClient.builder().apiKey("ody_benchmark").apiUrl(args[0]).build();
        long t0 = System.nanoTime();
        first.connect();
        long t1 = System.nanoTime();
        second.connect();
        long t2 = System.nanoTime();
        long covered = -1;
        Path stateDir = Path.of(args[1]);
        boolean guarded = Boolean.getBoolean("guarded");
        while (guarded && System.nanoTime() - t1 < 10_000_000_000L) {
            if (journalExists(stateDir)) {
                covered = System.nanoTime() - t1;
                break;
            }
            Thread.sleep(1);
        }
        System.out.println("first=" + (t1 - t0) + " second=" + (t2 - t1) + " covered=" + covered);
        first.disconnect();
        second.disconnect();
    }

    private static boolean journalExists(Path dir) throws Exception {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.anyMatch(f -> f.getFileName().toString().endsWith(".journal"));
        }
    }
}
