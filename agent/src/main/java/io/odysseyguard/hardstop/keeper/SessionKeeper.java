package io.odysseyguard.hardstop.keeper;

import io.odysseyguard.guard.tracked.SessionWatch;

/**
 * The session watch the agent installs at start-up: it does nothing, and loads nothing, until the tracker first
 * speaks; then it hands over to {@link KeptSessions}, which keeps what the tracked connections hold in the watchdog
 * and the journal. So a JVM that never opens an Odyssey connection pays for one small class.
 */
public final class SessionKeeper implements SessionWatch {
    private final Class<?> agentAnchor;
    private final String stateDirOption;
    private final boolean watchdog;
    private volatile KeptSessions kept;

    /**
     * @param agentAnchor    a class of the agent jar, which the watchdog runs from
     * @param stateDirOption the {@code state-dir} option (empty: the platform's)
     * @param watchdog       false: the journal and the control socket only
     */
    public SessionKeeper(Class<?> agentAnchor, String stateDirOption, boolean watchdog) {
        this.agentAnchor = agentAnchor;
        this.stateDirOption = stateDirOption;
        this.watchdog = watchdog;
    }

    @Override
    public void changed() {
        kept().changed();
    }

    @Override
    public void limitReached(int limit, int activeCount) {
        kept().limitReached(limit, activeCount);
    }

    @Override
    public void exiting(long budgetMillis) {
        KeptSessions k = kept;
        if (k != null) {
            k.exiting(budgetMillis);
        }
    }

    private KeptSessions kept() {
        KeptSessions k = kept;
        if (k == null) {
            synchronized (this) {
                k = kept;
                if (k == null) {
                    k = new KeptSessions(agentAnchor, stateDirOption, watchdog);
                    kept = k;
                }
            }
        }
        return k;
    }
}
