package io.odysseyguard.agent.it.apps;

import java.nio.file.Files;
import java.nio.file.Path;

/** The app-server apps wait for the test between steps: the test creates {@code <dir>/<step>} when it is done checking. */
final class Handshake {
    private final Path dir;

    Handshake(String dir) {
        this.dir = Path.of(dir);
    }

    void await(String step) throws InterruptedException {
        Path go = dir.resolve(step);
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (!Files.exists(go)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no " + go + " within 120 s");
            }
            Thread.sleep(20);
        }
    }
}
