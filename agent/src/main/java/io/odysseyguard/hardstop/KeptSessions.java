package io.odysseyguard.hardstop;

import io.odysseyguard.agent.AgentJar;
import io.odysseyguard.client.session.SessionCredentials;
import io.odysseyguard.guard.released.Releaser;
import io.odysseyguard.guard.reported.Reporter;
import io.odysseyguard.guard.tracked.SessionWatch;
import io.odysseyguard.guard.tracked.TrackedConnection;
import io.odysseyguard.guard.tracked.Tracker;
import io.odysseyguard.guard.triggers.ExplicitRelease;
import io.odysseyguard.hardstop.watchdog.WatchdogLink;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Keeps the sessions this JVM's tracked connections hold where they survive a hard stop: its watchdog process (told
 * over a pipe) and its journal file; and answers the {@code odyssey-guard} command on its control socket. Nothing of it
 * runs before the first connection is tracked: then one daemon thread starts (the watchdog and the control socket with
 * the first session that has credentials) and, from then on, looks
 * again on every change the tracker reports and every {@link #REFRESH_MILLIS} (the client renews its session token
 * while connected; a session the service closed is forgotten).
 *
 * <p>A connection counts as long as its client says it holds a session ({@code sessionCredentials()} not null), so a
 * connection being released stays remembered until its close has really returned. Connections of hand-written
 * {@code targets=} classes have no credentials and are not kept.
 */
final class KeptSessions implements SessionWatch {
    static final long REFRESH_MILLIS = 10_000;
    static final long EXPLAIN_WAIT_MILLIS = 1000;

    private final Class<?> agentAnchor;
    private final String stateDirOption;
    private final boolean watchdog;
    private final Semaphore wakeUp = new Semaphore(0);
    private final AtomicLong nextKey = new AtomicLong(1);
    /** Every connection seen, weakly (a TrackedConnection is a weak reference), with its key. */
    private final Map<TrackedConnection, Long> keys = new IdentityHashMap<>();
    /** What the watchdog and the journal were last told, by key. */
    private final Map<Long, HeldSession> kept = new LinkedHashMap<>();
    private volatile boolean started;
    private volatile boolean exiting;
    private JvmIdentity jvm;
    private Path stateDir;
    private Journal journal;
    private WatchdogLink link;
    private ControlSocket.Server control;
    private boolean partsStarted;

    /** See {@link SessionKeeper#SessionKeeper}; the thread starts at the first {@link #changed()}. */
    KeptSessions(Class<?> agentAnchor, String stateDirOption, boolean watchdog) {
        this.agentAnchor = agentAnchor;
        this.stateDirOption = stateDirOption;
        this.watchdog = watchdog;
    }

    @Override
    public void changed() {
        if (!started) {
            startOnce();
        }
        wakeUp.release();
    }

    private synchronized void startOnce() {
        if (started || exiting) {
            return;
        }
        started = true;
        // Detached: it inherits no context class loader, so it never pins the generation that opened a connection.
        Releaser.detachedThread(this::keep, "odyssey-guard-keeper").start();
    }

    private void keep() {
        try {
            begin();
        } catch (Throwable t) {
            Reporter.warn("the journal could not start (" + t.getClass().getName()
                    + "); a hard stop of this JVM leaves its sessions dangling");
        }
        while (!exiting) {
            try {
                wakeUp.tryAcquire(REFRESH_MILLIS, TimeUnit.MILLISECONDS);
                wakeUp.drainPermits();
                sync();
            } catch (InterruptedException e) {
                return;
            } catch (Throwable t) {
                Reporter.debug("keeping the held sessions failed: " + t.getClass().getName());
            }
        }
    }

    /** The journal's place; the watchdog and the control socket wait for the first held session ({@link #startParts}). */
    private synchronized void begin() throws IOException {
        jvm = JvmIdentity.current();
        stateDir = StateDirectory.create(StateDirectory.resolve(stateDirOption));
        journal = new Journal(stateDir);
    }

    /**
     * The watchdog, then the control socket, each alone (a failure of one leaves the other and the journal): started
     * once this JVM holds a session, so that connections without credentials (hand-written {@code targets=}) never
     * cost a process.
     */
    private void startParts() {
        partsStarted = true;
        try {
            Path agentJar = watchdog ? AgentJar.of(agentAnchor) : null;
            if (agentJar != null) {
                link = WatchdogLink.start(agentJar, jvm, stateDir);
                Reporter.debug("watchdog started, pid " + link.pid());
            } else if (watchdog) {
                Reporter.warn("no watchdog: the agent jar was not found; the journal still covers a hard stop");
            }
        } catch (IOException | RuntimeException e) {
            Reporter.warn("the watchdog could not start (" + e.getClass().getName()
                    + "); the journal still covers a hard stop, when the next guarded JVM loads the client or on"
                    + " `odyssey-guard reap`");
        }
        Path socket = ControlSocket.pathOf(stateDir, jvm);
        try {
            control = ControlSocket.serve(socket, this::answer);
        } catch (IOException | RuntimeException e) {
            Reporter.warn("`odyssey-guard list` and `release` cannot reach this JVM: no control socket at " + socket
                    + " (" + e.getClass().getName() + (socket.toString().length() > ControlSocket.MAX_PATH_LENGTH
                    ? ": the path is longer than Unix domain sockets allow; set a shorter state-dir" : "") + ")");
        }
    }

    /** Compares what the connections hold now with what was last told, and tells the difference. */
    synchronized void sync() throws IOException {
        if (journal == null) {
            return; // not begun
        }
        Map<Long, HeldSession> now = heldNow();
        if (!now.isEmpty() && !partsStarted) {
            startParts();
        }
        boolean different = false;
        for (Long key : kept.keySet()) {
            if (!now.containsKey(key)) {
                different = true;
                if (link != null) {
                    link.forget(key);
                }
            }
        }
        for (HeldSession s : now.values()) {
            if (!Objects.equals(kept.get(s.key()), s)) {
                different = true;
                if (link != null) {
                    link.remember(s);
                }
            }
        }
        if (different) {
            if (link != null) {
                link.flush();
            }
            kept.clear();
            kept.putAll(now);
            journal.write(jvm, new ArrayList<>(now.values()));
        }
    }

    private Map<Long, HeldSession> heldNow() {
        for (TrackedConnection t : Tracker.tracked()) {
            keys.computeIfAbsent(t, ignored -> nextKey.getAndIncrement());
        }
        Map<Long, HeldSession> now = new LinkedHashMap<>();
        keys.entrySet().removeIf(e -> {
            Object connection = e.getKey().get();
            SessionCredentials credentials = connection == null ? null : CredentialsReader.read(connection);
            if (credentials == null) {
                return true; // closed, collected, or never had credentials
            }
            TrackedConnection t = e.getKey();
            now.put(e.getValue(), new HeldSession(e.getValue(), credentials, t.openedAtMillis(),
                    t.ownerDescription(), t.siteText()));
            return false;
        });
        return now;
    }

    @Override
    public void limitReached(int limit, int activeCount) {
        // On its own thread, bounded: the refused connect() waits at most a second for the line, so that an application
        // that exits on the exception still shows it.
        Thread explain = Releaser.detachedThread(() -> explainLimit(limit, activeCount), "odyssey-guard-limit");
        explain.start();
        try {
            explain.join(EXPLAIN_WAIT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void explainLimit(int limit, int activeCount) {
        try {
            JvmIdentity self = JvmIdentity.current();
            List<HeldSession> mine = new ArrayList<>(currentlyHeld().values());
            List<Journal.Entry> others = new ArrayList<>();
            for (Journal.Entry e : new Journal(StateDirectory.resolve(stateDirOption)).readAll(Reporter::warn)) {
                if (e.jvm().pid() != self.pid()) {
                    others.add(e);
                }
            }
            Reporter.warn(LimitExplanation.of(limit, activeCount, mine, others, AgentJar.of(agentAnchor)));
        } catch (Throwable t) {
            Reporter.debug("could not explain the limit: " + t.getClass().getName());
        }
    }

    /** What the connections hold now, read under the keeper's lock (the limit line's thread is not the keeper's). */
    private synchronized Map<Long, HeldSession> currentlyHeld() {
        return heldNow();
    }

    @Override
    public void exiting(long budgetMillis) {
        exiting = true;
        if (!started) {
            return;
        }
        wakeUp.release();
        // The keeper thread may be in a sync; wait for it, within the budget.
        Thread settle = Releaser.detachedThread(this::settle, "odyssey-guard-keeper-exit");
        settle.start();
        try {
            settle.join(budgetMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** At a clean exit, after the release: tell what is still held (nothing, normally), say goodbye, clean up. */
    private synchronized void settle() {
        try {
            sync();
        } catch (Throwable t) {
            // the watchdog still closes what it remembers
        }
        if (link != null) {
            link.goodbye();
        }
        if (control != null) {
            control.close();
        }
    }

    /** The control socket's requests: {@code status} and {@code release}; replies carry no token. */
    private Properties answer(Properties request) {
        String command = request.getProperty(ControlSocket.COMMAND, "");
        Properties reply = new Properties();
        if (ControlSocket.RELEASE.equals(command)) {
            int released = ExplicitRelease.releaseAll("on `odyssey-guard release` (pid " + jvm.pid() + ")");
            reply.setProperty("released", Integer.toString(released));
        }
        try {
            sync();
        } catch (Throwable t) {
            // the reply says what is known
        }
        List<HeldSession> held;
        synchronized (this) {
            held = new ArrayList<>(kept.values());
        }
        StatusReply.write(reply, jvm, link == null ? 0 : link.pid(), held);
        return reply;
    }
}
