package io.odysseyguard.benchmarks.jmh;

/**
 * The agent as the JMH forks get it: the jar the build made, relative to the directory JMH is run from (the
 * repository's root, see the README), its state directory under {@code benchmarks/target} (journal files and control
 * sockets: never the user's own).
 */
final class Agent {
    static final String JAR = "-javaagent:agent/target/odyssey-guard-agent.jar=quiet=true";
    static final String JAR_STACK_DEPTH_0 = "-javaagent:agent/target/odyssey-guard-agent.jar=quiet=true,stack-depth=0";
    static final String STATE_DIR = "-Dodyssey.guard.state-dir=benchmarks/target/jmh-state";
    /** The bootstrap part's tracker: defined by the agent only (class data in its jar, not a class on any path). */
    static final String TRACKER = "io.odysseyguard.guard.tracked.Tracker";

    private Agent() {
    }

    /**
     * Fails the fork unless the agent's tracker is in the bootstrap loader. Loads the Odyssey client first (the
     * first target class a guarded application loads), so that whatever the agent prepares then is ready.
     */
    static void requireInstalled() throws ClassNotFoundException {
        Class.forName("io.odysseyguard.client.OdysseyClient");
        try {
            Class.forName(TRACKER, false, null);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("the agent is not installed: run from the repository's root, after "
                    + "building the agent (agent/target/odyssey-guard-agent.jar)");
        }
    }
}
