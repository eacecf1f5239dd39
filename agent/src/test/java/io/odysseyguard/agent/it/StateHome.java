package io.odysseyguard.agent.it;

import io.odysseyguard.testsupport.ChildJvm;
import io.odysseyguard.testsupport.ChildJvmBuilder;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * A test's own {@code XDG_STATE_HOME}: the guarded child JVMs it is given to keep their journal files and control
 * sockets in {@code <home>/odyssey-guard}, which the test reads like the command does.
 */
final class StateHome {
    private final Path home;

    StateHome(Path home) {
        this.home = home;
    }

    /** {@code jvm} with this state home. */
    ChildJvmBuilder given(ChildJvmBuilder jvm) {
        return jvm.env("XDG_STATE_HOME", home.toString());
    }

    /** The state directory, {@code <home>/odyssey-guard}. */
    Path dir() {
        return home.resolve("odyssey-guard");
    }

    List<Path> journalFiles() throws IOException {
        if (!Files.isDirectory(dir())) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir())) {
            // a journal, or a journal write a kill cut short (.tmp-<pid>-*.tmp): both hold tokens, neither may stay
            return files.filter(f -> f.getFileName().toString().endsWith(".journal")
                    || f.getFileName().toString().startsWith(".tmp-")).toList();
        }
    }

    /** The journal file of the JVM with this pid, or null. */
    Path journalOf(long pid) throws IOException {
        String prefix = "jvm-" + pid + "-";
        return journalFiles().stream().filter(f -> f.getFileName().toString().startsWith(prefix)).findFirst()
                .orElse(null);
    }

    /** A journal file's properties; empty while it is being replaced (the next poll reads it). */
    static Properties read(Path journal) {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(journal)) {
            p.load(in);
        } catch (IOException e) {
            return new Properties();
        }
        return p;
    }

    /** How many sessions a journal file records; -1 when it cannot be read. */
    static int sessionCount(Path journal) {
        return Integer.parseInt(read(journal).getProperty("sessions", "-1"));
    }

    /** The sessions' ids, or their tokens ({@code "token"}): {@code session.N.<field>} of each. */
    static List<String> sessionField(Path journal, String field) {
        Properties p = read(journal);
        List<String> values = new ArrayList<>();
        for (int i = 0; i < sessionCount(journal); i++) {
            values.add(p.getProperty("session." + i + "." + field));
        }
        return values;
    }

    /** The watchdog process of a guarded JVM (its child running the agent jar's Watchdog). */
    static ProcessHandle watchdogOf(ChildJvm app) {
        return ProcessHandle.of(app.pid()).orElseThrow().children()
                .filter(p -> p.info().commandLine().orElse("").contains("Watchdog")).findFirst()
                .orElseThrow(() -> new AssertionError("no watchdog process among " + app.describe()));
    }
}
