package io.odysseyguard.hardstop;

import io.odysseyguard.client.session.SessionCloser;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Closes the sessions of JVMs that are gone (their pid dead, or reused by another process) as the journal records
 * them, and removes their files: at a guarded JVM's start (in the background), in the watchdog, and in
 * {@code odyssey-guard reap}. A session the service refuses (closed already, reaped, token expired) counts as done; one
 * it could not be asked about (unreachable) stays in the journal for the next reaper.
 */
public final class Reaper {

    /** What was done for one gone JVM. */
    public record Reaped(JvmIdentity jvm, List<SessionsClosing.Closed> closed) {
        public int closedCount() {
            return SessionsClosing.closedCount(closed);
        }
    }

    private final Journal journal;
    private final SessionsClosing closing;
    private final Duration budget;

    public Reaper(Journal journal, SessionsClosing closing, Duration budget) {
        this.journal = journal;
        this.closing = closing;
        this.budget = budget;
    }

    /**
     * Reaps every gone JVM's leftovers, and removes the control sockets of pids no longer running (a hard kill leaves
     * its {@code <pid>.sock} behind even when its watchdog closed every session and no journal names it any more);
     * warnings (unreadable files) go to {@code warn}. Never throws.
     */
    public List<Reaped> reapGone(Consumer<String> warn) {
        List<Reaped> out = new ArrayList<>();
        for (Journal.Entry entry : journal.readAll(warn)) {
            if (entry.jvm().isAlive()) {
                continue;
            }
            Reaped reaped = reap(entry, warn);
            if (reaped != null) {
                out.add(reaped);
            }
        }
        deleteSocketsOfEndedPids();
        return out;
    }

    /** Reaps one gone JVM's file; null when another reaper took it first. */
    public Reaped reap(Journal.Entry entry, Consumer<String> warn) {
        Path claimed = journal.claim(entry);
        if (claimed == null) {
            return null;
        }
        List<SessionsClosing.Closed> closed = closing.closeAll(entry.sessions(), budget);
        List<HeldSession> left = new ArrayList<>();
        for (SessionsClosing.Closed c : closed) {
            if (c.result().status() == SessionCloser.Status.UNREACHABLE) {
                left.add(c.session());
            }
        }
        try {
            journal.putBack(claimed, entry, left);
        } catch (IOException e) {
            warn.accept("could not update the journal file " + entry.file() + ": " + e.getClass().getSimpleName());
        }
        deleteSocket(entry.jvm());
        journal.removeTemporariesOf(entry.jvm());
        return new Reaped(entry.jvm(), closed);
    }

    private void deleteSocket(JvmIdentity jvm) {
        deleteSocketUnlessRunning(jvm.pid(), ControlSocket.pathOf(journal.directory(), jvm));
    }

    private void deleteSocketsOfEndedPids() {
        try (DirectoryStream<Path> sockets = Files.newDirectoryStream(journal.directory(), "*" + ControlSocket.SUFFIX)) {
            for (Path socket : sockets) {
                String name = socket.getFileName().toString();
                try {
                    deleteSocketUnlessRunning(Long.parseLong(name.substring(0, name.length()
                            - ControlSocket.SUFFIX.length())), socket);
                } catch (NumberFormatException notOurs) {
                    // not a guarded JVM's socket: left alone
                }
            }
        } catch (IOException | RuntimeException e) {
            // no state directory yet, or unreadable: nothing to tidy
        }
    }

    private static void deleteSocketUnlessRunning(long pid, Path socket) {
        if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            return; // running: its own socket, or another process's pid now (perhaps a guarded JVM's with its socket)
        }
        try {
            Files.deleteIfExists(socket);
        } catch (IOException ignored) {
            // a leftover socket file is harmless: nothing listens on it
        }
    }
}
