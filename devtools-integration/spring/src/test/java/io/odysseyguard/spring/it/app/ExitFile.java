package io.odysseyguard.spring.it.app;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How the test makes the app call {@code System.exit(0)}: with {@code demo.exit-file=<path>}, a daemon thread (one per
 * JVM, started by the first launch) waits for that file to appear, then exits.
 */
final class ExitFile {
    private static final String STARTED = "demo.exit-file.watching";

    private ExitFile() {
    }

    static void watch() {
        String file = System.getProperty("demo.exit-file");
        if (file == null || System.getProperty(STARTED) != null) {
            return;
        }
        System.setProperty(STARTED, "true");
        Thread t = new Thread(() -> {
            try {
                while (!Files.exists(Path.of(file))) {
                    Thread.sleep(50);
                }
                Generation.say("exiting: System.exit(0)");
                System.exit(0);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "demo-exit-file");
        t.setDaemon(true);
        t.start();
    }
}
