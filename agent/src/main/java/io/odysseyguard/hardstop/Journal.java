package io.odysseyguard.hardstop;

import io.odysseyguard.client.session.SessionCredentials;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.Consumer;

/**
 * The sessions each guarded JVM holds, on disk, for when the JVM and its watchdog are both gone: one file per JVM
 * ({@code jvm-<pid>-<start millis>.journal}, a {@link Properties} file, 0600) in the {@link StateDirectory}. A JVM
 * rewrites its file atomically whenever what it holds changes and removes it when it holds nothing.
 *
 * <p>A file that is not a journal of this format, or cannot be read, is skipped with one warning and left in place.
 */
public final class Journal {
    static final String FORMAT = "odyssey-guard-journal/1";
    private static final String PREFIX = "jvm-";
    private static final String SUFFIX = ".journal";
    /** A file being reaped is renamed to this suffix first: two reapers never close the same leftovers twice. */
    private static final String REAPING_SUFFIX = ".reaping";
    /** A write in progress: {@code .tmp-<pid>-<random>.tmp}, moved over the JVM's file when complete. */
    private static final String TEMP_PREFIX = ".tmp-";
    private static final String TEMP_SUFFIX = ".tmp";

    /** One JVM's file as read. */
    public record Entry(Path file, JvmIdentity jvm, long updatedMillis, List<HeldSession> sessions) {
    }

    private final Path dir;

    public Journal(Path dir) {
        this.dir = dir;
    }

    public Path directory() {
        return dir;
    }

    /** The file of {@code jvm}. */
    public Path fileOf(JvmIdentity jvm) {
        return dir.resolve(PREFIX + jvm.pid() + "-" + jvm.startMillis() + SUFFIX);
    }

    /** Records what {@code jvm} holds: atomically replaces its file, or removes it when {@code sessions} is empty. */
    public void write(JvmIdentity jvm, List<HeldSession> sessions) throws IOException {
        Path file = fileOf(jvm);
        if (sessions.isEmpty()) {
            Files.deleteIfExists(file);
            return;
        }
        StateDirectory.create(dir);
        Properties p = new Properties();
        p.setProperty("format", FORMAT);
        p.setProperty("pid", Long.toString(jvm.pid()));
        p.setProperty("start", Long.toString(jvm.startMillis()));
        p.setProperty("main", jvm.mainClass());
        p.setProperty("updated", Long.toString(System.currentTimeMillis()));
        p.setProperty("sessions", Integer.toString(sessions.size()));
        for (int i = 0; i < sessions.size(); i++) {
            HeldSession s = sessions.get(i);
            String k = "session." + i + ".";
            p.setProperty(k + "key", Long.toString(s.key()));
            p.setProperty(k + "id", s.credentials().sessionId());
            p.setProperty(k + "signalling-url", s.credentials().signallingUrl());
            p.setProperty(k + "token", s.credentials().sessionToken());
            p.setProperty(k + "token-expires", Long.toString(s.credentials().expiresAt().toEpochMilli()));
            p.setProperty(k + "opened", Long.toString(s.openedAtMillis()));
            p.setProperty(k + "owner", s.owner());
            p.setProperty(k + "site", s.site());
        }
        // createTempFile makes the file 0600 on POSIX file systems before anything is written into it.
        Path temp = Files.createTempFile(dir, TEMP_PREFIX + jvm.pid() + "-", TEMP_SUFFIX);
        try {
            try (OutputStream out = Files.newOutputStream(temp)) {
                p.store(out, "Odyssey Guard: the sessions this JVM holds (holds session tokens: keep it private)");
            }
            move(temp, file);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * Removes what a write of {@code jvm}'s that a kill cut short left behind: a temporary file, holding session tokens,
     * that no reader ever looks at. Called once the JVM is gone (by its watchdog, by a reaper).
     */
    public void removeTemporariesOf(JvmIdentity jvm) {
        String prefix = TEMP_PREFIX + jvm.pid() + "-";
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir,
                f -> f.getFileName().toString().startsWith(prefix) && f.getFileName().toString().endsWith(TEMP_SUFFIX))) {
            for (Path f : files) {
                Files.deleteIfExists(f);
            }
        } catch (IOException | RuntimeException e) {
            // best effort: a leftover is 0600 in a 0700 directory, and the next reaper tries again
        }
    }

    /** Every JVM's file; the ones that cannot be read are skipped with a warning each, through {@code warn}. */
    public List<Entry> readAll(Consumer<String> warn) {
        List<Entry> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, Journal::isJournalFile)) {
            for (Path f : files) {
                try {
                    out.add(read(f));
                } catch (NoSuchFileException gone) {
                    // removed meanwhile by its JVM: nothing to read
                } catch (IOException | RuntimeException e) {
                    warn.accept("skipped the journal file " + f + ": " + describe(e));
                }
            }
        } catch (IOException | RuntimeException e) {
            warn.accept("could not read the journal directory " + dir + ": " + e.getClass().getSimpleName());
        }
        return out;
    }

    /** {@code jvm-*.journal}, matched without a glob (a glob is a regular expression: milliseconds to warm up). */
    static boolean isJournalFile(Path file) {
        String name = file.getFileName().toString();
        return name.startsWith(PREFIX) && name.endsWith(SUFFIX);
    }

    /** Says what is wrong with a file without quoting it (it may hold tokens). */
    private static String describe(Exception e) {
        return e instanceof CorruptJournalException ? e.getMessage() : e.getClass().getSimpleName();
    }

    static Entry read(Path file) throws IOException {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
        }
        if (!FORMAT.equals(p.getProperty("format"))) {
            throw new CorruptJournalException("not an " + FORMAT + " file");
        }
        JvmIdentity jvm = new JvmIdentity(number(p, "pid"), number(p, "start"), text(p, "main"));
        int count = (int) number(p, "sessions");
        List<HeldSession> sessions = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String k = "session." + i + ".";
            SessionCredentials credentials = new SessionCredentials(text(p, k + "id"), text(p, k + "signalling-url"),
                    text(p, k + "token"), Instant.ofEpochMilli(number(p, k + "token-expires")));
            sessions.add(new HeldSession(number(p, k + "key"), credentials, number(p, k + "opened"),
                    text(p, k + "owner"), text(p, k + "site")));
        }
        return new Entry(file, jvm, number(p, "updated"), List.copyOf(sessions));
    }

    private static String text(Properties p, String key) {
        String v = p.getProperty(key);
        if (v == null) {
            throw new CorruptJournalException("no " + key);
        }
        return v;
    }

    private static long number(Properties p, String key) {
        try {
            return Long.parseLong(text(p, key));
        } catch (NumberFormatException e) {
            throw new CorruptJournalException(key + " is not a number");
        }
    }

    /**
     * Takes {@code entry}'s file for reaping: renames it so that no other reaper (another JVM's start, the command, a
     * watchdog) takes it too. Returns the renamed file, or null when another one was first.
     */
    public Path claim(Entry entry) {
        Path claimed = entry.file().resolveSibling(entry.file().getFileName() + REAPING_SUFFIX);
        try {
            Files.move(entry.file(), claimed, StandardCopyOption.ATOMIC_MOVE);
            return claimed;
        } catch (IOException e) {
            return null;
        }
    }

    /** Puts back what a reaper could not close (the service unreachable): the next reaper tries again. */
    public void putBack(Path claimed, Entry entry, List<HeldSession> left) throws IOException {
        Files.deleteIfExists(claimed);
        if (!left.isEmpty()) {
            write(entry.jvm(), left);
        }
    }

    /** A journal file that is not one, or not whole. */
    static final class CorruptJournalException extends RuntimeException {
        CorruptJournalException(String message) {
            super(message, null, false, false);
        }
    }
}
