package io.odysseyguard.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** The demo's temporary folder (the app's logs): removed after a run, unless it is kept (--verbose, or a failure). */
final class WorkFolder {
    private WorkFolder() {
    }

    /** Deletes {@code dir} and everything in it; what cannot be deleted is left (a temporary folder, after all). */
    static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | RuntimeException ignored) {
            // left for the system's temporary-file cleanup
        }
    }
}
