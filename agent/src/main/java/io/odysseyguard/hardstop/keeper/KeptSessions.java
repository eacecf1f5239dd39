package io.odysseyguard.hardstop.keeper;

import io.odysseyguard.agent.jar.AgentJar;
import io.odysseyguard.client.session.SessionCredentials;
import io.odysseyguard.guard.output.Reporter;
import io.odysseyguard.guard.tracked.SessionWatch;
import io.odysseyguard.guard.tracked.TrackedConnection;
import io.odysseyguard.guard.tracked.Tracker;
import io.odysseyguard.guard.triggers.ExplicitRelease;
import io.odysseyguard.hardstop.HeldSession;
import io.odysseyguard.hardstop.JvmIdentity;
import io.odysseyguard.hardstop.StateDirectory;
import io.odysseyguard.hardstop.watchdog.WatchdogLink;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Keeps the sessions this JVM's tracked connections hold where they survive a hard stop, wired behind the tracker's
 * {@link SessionWatch}: what is held ({@link SessionLedger}), the watchdog told of every change ({@link WatchdogChannel}),
 * the journal and the control socket ({@link JournalKeeper}, {@link ControlEndpoint}), the line for a refused session
 * ({@link LimitExplanation}).
 *
 * <p>The watchdog is told on the thread that reports the change ({@link #changed()}: the application's thread, right
 * after its {@code connect()} returned and before the call returns to the application), so that a {@code kill -9} from
 * then on cannot lose the session: the message is in the pipe, which the watchdog reads even after this JVM's death.
 * With the first session held the watchdog process is started on that same thread. Both are bounded
 * ({@link #LINK_WAIT_MILLIS}) and contained. The journal, the control socket and the periodic look stay on the keeper's
 * thread.
 *
 * <p>Two locks, in one order: the state's ({@code state}: the ledger, the channel, the place), which the reporting
 * thread takes alone, and the keeper's, which takes the state's inside its own and is never taken inside it (the state
 * calls nothing that takes it). Connections of hand-written {@code targets=} classes have no credentials and are not
 * kept.
 */
final class KeptSessions implements SessionWatch, JournalKeeper.Holdings, ControlEndpoint.Guarded {
    /** How long a change waits for its message to be in the watchdog's pipe (only a watchdog not reading makes it wait). */
    static final long LINK_WAIT_MILLIS = 200;
    /** How long the goodbye at a clean exit may wait for the pipe (within the exit budget the settling waits for). */
    static final long EXIT_LINK_WAIT_MILLIS = 1000;

    private final Class<?> agentAnchor;
    private final String stateDirOption;
    private final JournalKeeper keeper = new JournalKeeper(this, this);

    /** The state's lock: the ledger, the channel and the place below. Never held while a journal is written. */
    private final Object state = new Object();
    private final SessionLedger<TrackedConnection> ledger = new SessionLedger<>(new TrackedSource());
    private final WatchdogChannel channel;
    private boolean begun;
    private JournalKeeper.Place place;

    /** See {@link SessionKeeper#SessionKeeper}; nothing happens before the first {@link #changed()}. */
    KeptSessions(Class<?> agentAnchor, String stateDirOption, boolean watchdog) {
        this.agentAnchor = agentAnchor;
        this.stateDirOption = stateDirOption;
        this.channel = new WatchdogChannel(new WatchdogChannel.Starter() {
            @Override
            public WatchdogLink start() throws IOException {
                return watchdog ? startWatchdog() : null;
            }
        });
    }

    /** Tells the watchdog what changed, on this thread (bounded, contained); the keeper does the rest. */
    @Override
    public void changed() {
        try {
            tell(false);
        } catch (Throwable t) {
            Reporter.debug("telling the watchdog failed: " + t.getClass().getName());
        }
        keeper.wake();
    }

    /** Reads what the connections hold (all of them again, or those that changed) and tells the watchdog. */
    private Map<Long, HeldSession> tell(boolean all) {
        synchronized (state) {
            Map<Long, HeldSession> now = ledger.read(Tracker.tracked(), all);
            if (now.isEmpty() && channel.told().isEmpty()) {
                return now;
            }
            if (!begin()) {
                return now; // no state directory: nothing to keep it in
            }
            channel.tell(now, LINK_WAIT_MILLIS);
            return now;
        }
    }

    /** Who this JVM is and its state directory, once; false when the directory cannot be made (warned once). */
    private boolean begin() {
        if (!begun) {
            begun = true;
            try {
                JvmIdentity self = JvmIdentity.current();
                place = new JournalKeeper.Place(self, StateDirectory.create(StateDirectory.resolve(stateDirOption)));
            } catch (Throwable t) {
                Reporter.warn("the journal could not start (" + t.getClass().getName()
                        + "); a hard stop of this JVM leaves its sessions dangling");
            }
        }
        return place != null;
    }

    /** The watchdog process, from the agent jar, under the state's lock (the first session's thread). */
    private WatchdogLink startWatchdog() throws IOException {
        Path agentJar = AgentJar.of(agentAnchor);
        if (agentJar == null) {
            Reporter.warn("no watchdog: the agent jar was not found; the journal still covers a hard stop");
            return null;
        }
        return WatchdogLink.start(agentJar, place.jvm(), place.stateDir());
    }

    @Override
    public Object lock() {
        return state;
    }

    @Override
    public Map<Long, HeldSession> held(boolean lookAgain) {
        synchronized (state) {
            if (lookAgain) {
                tell(true);
            }
            return channel.told();
        }
    }

    @Override
    public JournalKeeper.Place place() {
        synchronized (state) {
            return place;
        }
    }

    @Override
    public int releaseAll(String trigger) {
        return ExplicitRelease.releaseAll(trigger);
    }

    @Override
    public List<HeldSession> heldNow() {
        try {
            keeper.sync(true);
        } catch (Throwable t) {
            // the reply says what is known
        }
        return new ArrayList<>(held(false).values());
    }

    @Override
    public long watchdogPid() {
        synchronized (state) {
            return channel.pid();
        }
    }

    @Override
    public void limitReached(int limit, int activeCount) {
        try {
            LimitExplanation.print(limit, activeCount, new Supplier<List<HeldSession>>() {
                @Override
                public List<HeldSession> get() {
                    return new ArrayList<>(held(true).values());
                }
            }, StateDirectory.resolve(stateDirOption), JvmIdentity.current(), AgentJar.of(agentAnchor));
        } catch (Throwable t) {
            Reporter.debug("could not explain the limit: " + t.getClass().getName());
        }
    }

    @Override
    public void exiting(long budgetMillis) {
        keeper.exit(budgetMillis, new Runnable() {
            @Override
            public void run() {
                synchronized (state) {
                    channel.goodbye(EXIT_LINK_WAIT_MILLIS);
                }
            }
        });
    }

    /** How the ledger reads a tracked connection: its client's credentials, and what the tracker recorded. */
    private static final class TrackedSource implements SessionLedger.Source<TrackedConnection> {
        @Override
        public List<SessionCredentials> credentials(TrackedConnection t) {
            Object connection = t.get();
            return connection == null ? List.of() : CredentialsReader.readAll(connection);
        }

        @Override
        public long openedAtMillis(TrackedConnection t) {
            return t.openedAtMillis();
        }

        @Override
        public String owner(TrackedConnection t) {
            return t.ownerDescription();
        }

        @Override
        public String site(TrackedConnection t) {
            return t.siteText();
        }
    }
}
