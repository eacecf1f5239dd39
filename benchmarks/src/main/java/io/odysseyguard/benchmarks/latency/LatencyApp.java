package io.odysseyguard.benchmarks.latency;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The child JVM of {@link ReleaseLatencyBenchmark}:
 * {@code LatencyApp <api url> <connections> <mode> <go file>}, the API key in {@code ODYSSEY_API_KEY}.
 *
 * <p>Opens the connections (in a {@code URLClassLoader} of their own in mode {@code loader}), prints
 * {@code session=<id>} for each and {@code ready}, then waits for the harness to create the go file and does what the
 * mode says, recording {@link Instant#now()} right before the trigger and printing it as {@code trigger=<instant>}:
 * <ul>
 *   <li>{@code exit}: {@code System.exit(0)} with the connections open (the guard's shutdown hook releases them);</li>
 *   <li>{@code exit-none}: disconnects them itself first, then {@code System.exit(0)} (the same JVM, none open);</li>
 *   <li>{@code loader}: {@code URLClassLoader.close()} of the generation's loader (prints the trigger after the
 *       call returned, then {@code close-returned=<instant>}), then exits normally;</li>
 *   <li>{@code disconnect}: the application's own {@code disconnect()} of each, one after the other, on its main
 *       thread (the reference: no trigger, no guard in the way), then exits normally;</li>
 *   <li>{@code wait}: nothing; the harness signals it (SIGTERM, SIGKILL) and records the time itself.</li>
 * </ul>
 */
public final class LatencyApp {
    private LatencyApp() {
    }

    public static void main(String[] args) throws Exception {
        String apiUrl = args[0];
        int n = Integer.parseInt(args[1]);
        String mode = args[2];
        Path go = Path.of(args[3]);
        String apiKey = System.getenv("ODYSSEY_API_KEY");

        URLClassLoader generation = null;
        List<String> ids;
        if (mode.equals("loader")) {
            generation = new URLClassLoader("generation", classPathUrls(), ClassLoader.getPlatformClassLoader());
            Class<?> g = generation.loadClass(Generation.class.getName());
            @SuppressWarnings("unchecked")
            List<String> opened = (List<String>) g.getMethod("open", String.class, String.class, int.class)
                    .invoke(null, apiUrl, apiKey, n);
            ids = opened;
        } else {
            ids = Generation.open(apiUrl, apiKey, n);
        }
        StringBuilder out = new StringBuilder();
        for (String id : ids) {
            out.append("session=").append(id).append('\n');
        }
        // Formats an Instant once now: the first Instant.toString() loads java.time.format (about 10 ms), which must
        // not fall between a recorded trigger time and the trigger.
        out.append("clock=").append(Instant.now()).append('\n');
        out.append("ready\n");
        System.out.print(out);
        System.out.flush();

        while (!Files.exists(go)) {
            Thread.sleep(1);
        }
        switch (mode) {
            case "exit" -> {
                Instant t = Instant.now();
                System.out.println("trigger=".concat(t.toString())); // no indy concat to link here
                System.exit(0);
            }
            case "exit-none" -> {
                Generation.disconnectAll();
                Thread.sleep(200); // the untracking settles in the journal, as in a JVM that closed them a while ago
                Instant t = Instant.now();
                System.out.println("trigger=".concat(t.toString())); // no indy concat to link here
                System.exit(0);
            }
            case "loader" -> {
                Instant t = Instant.now();
                generation.close();
                Instant returned = Instant.now();
                System.out.println("trigger=".concat(t.toString())); // no indy concat to link here
                System.out.println("close-returned=".concat(returned.toString()));
                System.out.flush();
            }
            case "disconnect" -> {
                Instant t = Instant.now();
                Generation.disconnectAll();
                System.out.println("trigger=".concat(t.toString())); // no indy concat to link here
                System.out.flush();
            }
            case "wait" -> Thread.sleep(Long.MAX_VALUE);
            default -> throw new IllegalArgumentException("unknown mode " + mode);
        }
    }

    private static URL[] classPathUrls() throws Exception {
        List<URL> urls = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            if (!entry.isEmpty()) {
                urls.add(Path.of(entry).toUri().toURL());
            }
        }
        return urls.toArray(new URL[0]);
    }
}
