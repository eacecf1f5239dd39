package io.odysseyguard.agent.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The log the hand-written connections write: {@code open <id>}, {@code close <id>}, {@code close-start <id>}. */
final class ConnectionLog {
    final Path file;

    ConnectionLog() throws IOException {
        this.file = Files.createTempDirectory("odyssey-guard-log-").resolve("connections.log");
    }

    List<String> lines() throws IOException {
        return Files.exists(file) ? Files.readAllLines(file) : List.of();
    }

    @Override
    public String toString() {
        return file.toString();
    }
}
