package io.odysseyguard.hardstop.keeper;

import io.odysseyguard.guard.threads.DetachedThreads;
import io.odysseyguard.hardstop.ControlSocket;
import io.odysseyguard.hardstop.Journal;
import io.odysseyguard.hardstop.JvmIdentity;
import io.odysseyguard.hardstop.StateDirectory;
import io.odysseyguard.hardstop.HeldSession;
import io.odysseyguard.hardstop.StatusReply;
import io.odysseyguard.agent.jar.AgentJar;
import io.odysseyguard.client.session.SessionCredentials;
import io.odysseyguard.guard.released.Releaser;
import io.odysseyguard.guard.output.Reporter;
import io.odysseyguard.guard.tracked.SessionWatch;
import io.odysseyguard.guard.tracked.TrackedConnection;
import io.odysseyguard.guard.tracked.Tracker;
import io.odysseyguard.guard.triggers.ExplicitRelease;
import io.odysseyguard.hardstop.watchdog.WatchdogLink;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Keeps the sessions this JVM's tracked connections hold where they survive a hard stop: its watchdog process (told
 * over a pipe) and its journal file; and answers the {@code odyssey-guard} command on its control socket.
 *
 * <p>The watchdog is told on the thread that reports the change ({@link #changed()}: the application's thread, right
 * after its {@code connect()} returned and before the call returns to the application), so that a {@code kill -9} from
 * then on cannot lose the session: the framed message is in the pipe, which the watchdog reads even after this JVM's
 * death. With the first session held the watchdog process is started on that same thread (a process spawn; its JVM
 * boots in parallel and reads the pipe when it is up). Both are bounded ({@link #LINK_WAIT_MILLIS}, see
 * {@link WatchdogLink#flush}) and contained. The journal, the control socket and the periodic look
 * ({@link #REFRESH_MILLIS}: the client renews its session token while connected; a session the service closed, or a
 * lost one its client has ended, is forgotten) stay on one daemon thread, started with the first change.
 *
 * <p>A connection counts as long as its client says it holds a session: {@code sessionCredentials()} not null, or a
 * session in {@code lostSessionCredentials()} (its socket was lost and the client is still ending it from its
 * credentials: see {@link CredentialsReader}). So a connection being released stays remembered until its close has
 * really returned, and one whose connection the network dropped until its client has ended the session, even after a
 * release, which reports it as lost rather than released. Each session has its own key (by session id), stable while
 * it is held. Connections of hand-written {@code targets=} classes have no credentials and are not kept.
 */
final class KeptSessions implements SessionWatch {
    static final long REFRESH_MILLIS = 10_000;
    static final long EXPLAIN_WAIT_MILLIS = 1000;
    /** How long a change waits for its message to be in the watchdog's pipe (only a watchdog not reading makes it wait). */
    static final long LINK_WAIT_MILLIS = 200;
    /** How long the goodbye at a clean exit may wait for the pipe (within the exit budget the settling waits for). */
    static final long EXIT_LINK_WAIT_MILLIS = 1000;

    private final Class<?> agentAnchor;
    private final String stateDirOption;
    private final boolean watchdog;
    private final Semaphore wakeUp = new Semaphore(0);
    private volatile boolean started;
    private volatile boolean exiting;

    /** Guards what follows: the watchdog's side, on whichever thread reports a change. Never held during a journal write. */
    private final Object linkLock = new Object();
    private long nextKey = 1;
    /**
     * Every connection tracked, or no longer tracked but still holding a session, weakly (a TrackedConnection is a weak
     * reference), with the sessions it held when last read.
     */
    private final Map<TrackedConnection, List<HeldSession>> connections = new IdentityHashMap<>();
    /** Each held session's key, by session id. */
    private final Map<String, Long> keys = new HashMap<>();
    /** What the watchdog was last told, by key. */
    private Map<Long, HeldSession> told = Map.of();
    private JvmIdentity jvm;
    private Path stateDir;
    private boolean begun;
    private boolean linkStarted;
    private WatchdogLink link;

    /** The keeper thread's (under {@code this}): the journal and what it was last written with, the control socket. */
    private Journal journal;
    private Map<Long, HeldSession> journaled = Map.of();
    private ControlSocket.Server control;
    private boolean controlStarted;

    /** See {@link SessionKeeper#SessionKeeper}; nothing happens before the first {@link #changed()}. */
    KeptSessions(Class<?> agentAnchor, String stateDirOption, boolean watchdog) {
        this.agentAnchor = agentAnchor;
        this.stateDirOption = stateDirOption;
        this.watchdog = watchdog;
    }

    /** Tells the watchdog what changed, on this thread (bounded, contained); the keeper does the rest. */
    @Override
    public void changed() {
        try {
            tell(false);
        } catch (Throwable t) {
            Reporter.debug("telling the watchdog failed: " + t.getClass().getName());
        }
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
        // An anonymous class, no lambda: this runs on the application's connecting thread.
        DetachedThreads.of(new Runnable() {
            @Override
            public void run() {
                keep();
            }
        }, "odyssey-guard-keeper").start();
    }

    private void keep() {
        // Not at once: the thread that started this has just told the watchdog. Then every REFRESH_MILLIS.
        boolean look = false;
        while (!exiting) {
            try {
                sync(look);
                look = !wakeUp.tryAcquire(REFRESH_MILLIS, TimeUnit.MILLISECONDS);
                wakeUp.drainPermits();
            } catch (InterruptedException e) {
                return;
            } catch (Throwable t) {
                Reporter.debug("keeping the held sessions failed: " + t.getClass().getName());
            }
        }
    }

    /**
     * Compares what the connections hold now with what the watchdog was last told, and tells it the difference
     * (starting it with the first held session); returns what is held now. On the caller's thread.
     */
    Map<Long, HeldSession> tell(boolean all) {
        synchronized (linkLock) {
            Map<Long, HeldSession> now = heldNow(all);
            if (now.isEmpty() && told.isEmpty()) {
                return now;
            }
            if (!begin()) {
                told = now;
                return now;
            }
            if (!now.isEmpty() && !linkStarted) {
                startWatchdog();
            }
            if (link != null) {
                boolean different = false;
                for (Long key : told.keySet()) {
                    if (!now.containsKey(key)) {
                        different = true;
                        link.forget(key);
                    }
                }
                for (HeldSession s : now.values()) {
                    if (!same(told.get(s.key()), s)) {
                        different = true;
                        link.remember(s);
                    }
                }
                if (different) {
                    link.flush(LINK_WAIT_MILLIS);
                }
            }
            told = now;
            return now;
        }
    }

    /** Who this JVM is and its state directory, once; false when the directory cannot be made (warned once). */
    private boolean begin() {
        if (begun) {
            return jvm != null;
        }
        begun = true;
        try {
            JvmIdentity self = JvmIdentity.current();
            stateDir = StateDirectory.create(StateDirectory.resolve(stateDirOption));
            jvm = self;
            return true;
        } catch (Throwable t) {
            Reporter.warn("the journal could not start (" + t.getClass().getName()
                    + "); a hard stop of this JVM leaves its sessions dangling");
            return false;
        }
    }

    /**
     * The watchdog, once this JVM holds a session, so that connections without credentials (hand-written
     * {@code targets=}) never cost a process. A failure leaves the journal.
     */
    private void startWatchdog() {
        linkStarted = true;
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
    }

    /** The control socket, alone (a failure leaves the watchdog and the journal); on the keeper thread. */
    private void startControl() {
        controlStarted = true;
        Path socket = ControlSocket.pathOf(stateDir, jvm);
        try {
            control = ControlSocket.serve(socket, this::answer);
        } catch (IOException | RuntimeException e) {
            Reporter.warn("`odyssey-guard list` and `release` cannot reach this JVM: no control socket at " + socket
                    + " (" + e.getClass().getName() + (socket.toString().length() > ControlSocket.MAX_PATH_LENGTH
                    ? ": the path is longer than Unix domain sockets allow; set a shorter state-dir" : "") + ")");
        }
    }

    /** Looks again and tells the watchdog (as {@link #changed()} does), then brings the journal up to date. */
    synchronized void sync() throws IOException {
        sync(true);
    }

    /**
     * Brings the journal up to date with what the watchdog was last told; with {@code look}, looks again first (a
     * renewed token, a lost session its client has ended, a connection collected). Woken by a change, the keeper does
     * not look: the thread that reported it has just done so, and the keeper then takes the lock only for a moment.
     */
    private synchronized void sync(boolean look) throws IOException {
        Map<Long, HeldSession> now;
        JvmIdentity self;
        Path dir;
        if (look) {
            tell(true);
        }
        synchronized (linkLock) {
            now = told;
            self = jvm;
            dir = stateDir;
        }
        if (self == null) {
            return; // nothing held yet, or no state directory
        }
        if (journal == null) {
            journal = new Journal(dir);
        }
        if (!now.isEmpty() && !controlStarted) {
            startControl();
        }
        if (!sameSessions(now, journaled)) {
            journal.write(self, new ArrayList<>(now.values()));
            journaled = now;
        }
    }

    /**
     * What the connections hold now. On a change only the connections that are new to the tracker, or have left it
     * (closed, released, collected), are read: the caller is the application's connecting or disconnecting thread, and
     * reading each of many connections reflectively costs. With {@code all} (the keeper's periodic look, a status
     * request, the limit line) every one is read again: a renewed token, a lost session, one the service ended.
     */
    private Map<Long, HeldSession> heldNow(boolean all) {
        Map<TrackedConnection, Boolean> tracked = new IdentityHashMap<>();
        for (TrackedConnection t : Tracker.tracked()) {
            tracked.put(t, Boolean.TRUE);
            if (!connections.containsKey(t)) {
                connections.put(t, null); // new: read below
            }
        }
        Map<Long, HeldSession> now = new LinkedHashMap<>();
        // Plain loops, no lambda: this runs on the application's thread.
        for (Iterator<Map.Entry<TrackedConnection, List<HeldSession>>> i = connections.entrySet().iterator();
             i.hasNext(); ) {
            Map.Entry<TrackedConnection, List<HeldSession>> e = i.next();
            boolean stillTracked = tracked.containsKey(e.getKey());
            List<HeldSession> sessions = e.getValue();
            if (sessions == null || all || !stillTracked) {
                sessions = read(e.getKey());
                // The client lists a session whose close runs among its lost ones, so an untracked connection that
                // holds nothing now holds nothing more (kept longer, every change would read them all again).
                if (sessions.isEmpty() && !stillTracked) {
                    i.remove(); // closed, released and ended, or collected
                    continue;
                }
                e.setValue(sessions);
            }
            for (HeldSession s : sessions) {
                now.put(s.key(), s);
            }
        }
        keys.values().retainAll(now.keySet());
        return now;
    }

    /**
     * Whether the watchdog knows {@code b} as {@code a} (the same session, token and expiry). Compared by hand: a
     * record's {@code equals} is bootstrapped through {@code invokedynamic} at its first call, tens of milliseconds in
     * a fresh JVM, which the application's connecting thread would pay (or wait for on the lock).
     */
    private static boolean same(HeldSession a, HeldSession b) {
        if (a == null || b == null) {
            return a == b;
        }
        SessionCredentials x = a.credentials();
        SessionCredentials y = b.credentials();
        return a.key() == b.key() && x.sessionId().equals(y.sessionId()) && x.sessionToken().equals(y.sessionToken())
                && x.signallingUrl().equals(y.signallingUrl()) && x.expiresAt().equals(y.expiresAt());
    }

    private static boolean sameSessions(Map<Long, HeldSession> a, Map<Long, HeldSession> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (HeldSession s : a.values()) {
            if (!same(b.get(s.key()), s)) {
                return false;
            }
        }
        return true;
    }

    /** The sessions {@code t}'s connection holds, each under its key. */
    private List<HeldSession> read(TrackedConnection t) {
        Object connection = t.get();
        List<SessionCredentials> credentials = connection == null ? List.of() : CredentialsReader.readAll(connection);
        if (credentials.isEmpty()) {
            return List.of();
        }
        List<HeldSession> sessions = new ArrayList<>(credentials.size());
        for (SessionCredentials c : credentials) {
            Long key = keys.get(c.sessionId());
            if (key == null) {
                key = nextKey++;
                keys.put(c.sessionId(), key);
            }
            sessions.add(new HeldSession(key, c, t.openedAtMillis(), t.ownerDescription(), t.siteText()));
        }
        return sessions;
    }

    @Override
    public void limitReached(int limit, int activeCount) {
        // On its own thread, bounded: the refused connect() waits at most a second for the line, so that an application
        // that exits on the exception still shows it.
        Thread explain = DetachedThreads.of(() -> explainLimit(limit, activeCount), "odyssey-guard-limit");
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

    /** What the connections hold now (the limit line's thread is neither the keeper's nor a reporting one). */
    private Map<Long, HeldSession> currentlyHeld() {
        synchronized (linkLock) {
            return heldNow(true);
        }
    }

    @Override
    public void exiting(long budgetMillis) {
        exiting = true;
        if (!started) {
            return;
        }
        wakeUp.release();
        // The keeper thread may be in a sync; wait for it, within the budget.
        Thread settle = DetachedThreads.of(this::settle, "odyssey-guard-keeper-exit");
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
        synchronized (linkLock) {
            if (link != null) {
                link.goodbye(EXIT_LINK_WAIT_MILLIS);
            }
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
        long watchdogPid;
        synchronized (linkLock) {
            held = new ArrayList<>(told.values());
            watchdogPid = link == null ? 0 : link.pid();
        }
        StatusReply.write(reply, jvm, watchdogPid, held);
        return reply;
    }
}
