package io.odysseyguard.cli;

import io.odysseyguard.hardstop.ControlSocket;
import io.odysseyguard.hardstop.Journal;
import io.odysseyguard.hardstop.JvmIdentity;
import io.odysseyguard.hardstop.StatusReply;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the JVMs of one state directory that hold guarded Odyssey sessions: the running ones (a control socket
 * {@code <pid>.sock}) are asked directly; the others are known from their journal file only.
 */
final class GuardedJvms {
    private static final Pattern SOCKET = Pattern.compile("(\\d+)\\.sock");

    /** Where what is shown about a JVM comes from. */
    enum State {
        /** Running, and it answered on its control socket: what it holds now. */
        RUNNING("running"),
        /** Running, but its control socket did not answer (or there is none): what its journal last recorded. */
        NOT_ANSWERING("not-answering"),
        /** Gone (its pid ended, or belongs to another process now): what its journal recorded; `reap` closes them. */
        GONE("gone");

        final String word;

        State(String word) {
            this.word = word;
        }
    }

    /**
     * One JVM and its sessions, never a token.
     *
     * @param watchdogPid its watchdog's pid when it answered, else 0 (none, or not known)
     * @param socket      its control socket's path (may not exist)
     * @param problem     why it is {@link State#NOT_ANSWERING}, else null
     */
    record Found(JvmIdentity jvm, State state, long watchdogPid, List<StatusReply.Listed> sessions, Path socket,
                 String problem) {
        /** Sessions oldest first. */
        Found {
            List<StatusReply.Listed> sorted = new ArrayList<>(sessions);
            sorted.sort(Comparator.comparingLong(StatusReply.Listed::openedAtMillis));
            sessions = List.copyOf(sorted);
        }
    }

    private final Path dir;
    private final Consumer<String> warnings;

    GuardedJvms(Path dir, Consumer<String> warnings) {
        this.dir = dir;
        this.warnings = warnings;
    }

    /** Every JVM holding sessions, by pid. */
    List<Found> all() {
        return find(pid -> true);
    }

    /** The JVMs holding sessions whose pid {@code pids} accepts, by pid. */
    List<Found> find(LongPredicate pids) {
        Map<String, JvmIdentity> jvms = new LinkedHashMap<>();
        Map<String, Journal.Entry> journals = new LinkedHashMap<>();
        for (Journal.Entry e : new Journal(dir).readAll(warnings)) {
            if (pids.test(e.jvm().pid())) {
                journals.put(key(e.jvm()), e);
                jvms.put(key(e.jvm()), e.jvm());
            }
        }
        for (JvmIdentity jvm : socketOwners()) {
            // A socket is named by pid only: a running JVM with a journal is that pid's JVM already.
            boolean known = jvms.values().stream().anyMatch(j -> j.pid() == jvm.pid() && j.isAlive());
            if (pids.test(jvm.pid()) && !known) {
                jvms.put(key(jvm), jvm);
            }
        }
        List<Found> found = new ArrayList<>();
        for (Map.Entry<String, JvmIdentity> e : jvms.entrySet()) {
            Found f = look(e.getValue(), journals.get(e.getKey()));
            if (f != null && !f.sessions().isEmpty()) {
                found.add(f);
            }
        }
        found.sort(Comparator.comparingLong((Found f) -> f.jvm().pid()).thenComparingLong(f -> f.jvm().startMillis()));
        return found;
    }

    private Found look(JvmIdentity jvm, Journal.Entry journal) {
        Path socket = ControlSocket.pathOf(dir, jvm);
        if (!jvm.isAlive()) {
            // a socket file without a journal: a JVM that held nothing when it died; nothing to show
            return journal == null ? null : new Found(journal.jvm(), State.GONE, 0, listed(journal), socket, null);
        }
        String problem;
        if (Files.exists(socket)) {
            try {
                StatusReply.JvmSessions status = ControlClient.status(socket);
                return new Found(status.jvm(), State.RUNNING, status.watchdogPid(), status.sessions(), socket, null);
            } catch (IOException e) {
                problem = "its control socket did not answer (" + e.getMessage() + ")";
            }
        } else {
            problem = "it has no control socket";
        }
        return journal == null ? null : new Found(journal.jvm(), State.NOT_ANSWERING, 0, listed(journal), socket, problem);
    }

    private static List<StatusReply.Listed> listed(Journal.Entry journal) {
        return journal.sessions().stream().map(StatusReply.Listed::of).toList();
    }

    /** The JVMs whose control socket files are in the directory (their main class is not known from the name). */
    private List<JvmIdentity> socketOwners() {
        List<JvmIdentity> owners = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return owners;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.sock")) {
            for (Path f : files) {
                Matcher m = SOCKET.matcher(f.getFileName().toString());
                if (m.matches()) {
                    try {
                        // start time unknown (0): its status reply names it
                        owners.add(new JvmIdentity(Long.parseLong(m.group(1)), 0, "unknown"));
                    } catch (NumberFormatException ignored) {
                        // not one of ours
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            warnings.accept("could not list the control sockets in " + dir + ": " + e.getClass().getSimpleName());
        }
        return owners;
    }

    private static String key(JvmIdentity jvm) {
        return jvm.pid() + "-" + jvm.startMillis();
    }
}
