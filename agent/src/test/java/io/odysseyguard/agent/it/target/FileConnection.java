package io.odysseyguard.agent.it.target;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A hand-written "connection" for the agent's tests: {@code open()} and {@code close()} append a line to a
 * log file the test reads, so opens and graceful closes are observable even after the JVM has gone.
 * Named to the agent with {@code targets=io.odysseyguard.agent.it.target.FileConnection#open/close}.
 */
public class FileConnection {
    public static final String TARGET = "io.odysseyguard.agent.it.target.FileConnection#open/close";

    private final Path log;
    private final String id;
    private boolean open;

    public FileConnection(String log, String id) {
        this.log = Path.of(log);
        this.id = id;
    }

    public void open() {
        append("open " + id);
        open = true;
    }

    public synchronized void close() {
        if (!open) {
            return;
        }
        open = false;
        append("close " + id);
    }

    protected void append(String line) {
        try {
            Files.writeString(log, line + System.lineSeparator(), StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.SYNC);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
