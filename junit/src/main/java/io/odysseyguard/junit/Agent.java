package io.odysseyguard.junit;

import io.odysseyguard.agent.SelfAttach;

/**
 * Whether the leak check can work in this JVM, decided once: the Odyssey Guard agent is installed ({@code -javaagent}
 * on the command line, or attached now with the agent's {@link SelfAttach}) and active. Its API may come from any class
 * loader: it holds no state and reaches the agent's one registry. When the check cannot work, one warning says why and
 * it does nothing: our problem never fails the user's tests.
 */
final class Agent {
    static final String PREFIX = "odyssey-guard: ";

    private enum State { UNKNOWN, ACTIVE, INACTIVE }

    private static volatile State state = State.UNKNOWN;

    private Agent() {
    }

    /** True when the check works; the first call attaches the agent when allowed and needed. */
    static boolean activate(boolean selfAttach) {
        State s = state;
        if (s != State.UNKNOWN) {
            return s == State.ACTIVE;
        }
        synchronized (Agent.class) {
            if (state == State.UNKNOWN) {
                state = decide(selfAttach) ? State.ACTIVE : State.INACTIVE;
            }
            return state == State.ACTIVE;
        }
    }

    /** True once {@link #activate} succeeded; never attaches (for the Spring support, which must stay passive). */
    static boolean isActive() {
        return state == State.ACTIVE;
    }

    private static boolean decide(boolean selfAttach) {
        try {
            if (!SelfAttach.isInstalled()) {
                if (!selfAttach) {
                    warn("the agent is not installed and odyssey.guard.junit.self-attach=false");
                    return false;
                }
                SelfAttach.Result r = SelfAttach.install(null);
                if (!r.installed()) {
                    warn("could not attach the agent (" + r.reason() + ")");
                    return false;
                }
            }
            if (!Connections.agentActive()) {
                warn("the agent did not start");
                return false;
            }
            return true;
        } catch (Throwable t) {
            warn("could not reach the agent (" + t.getClass().getName() + ")");
            return false;
        }
    }

    private static void warn(String why) {
        System.err.println(PREFIX + "warning: the JUnit leak check is off: " + why
                + ". Add -javaagent:/path/to/odyssey-guard-agent.jar to the test JVM (Surefire's argLine) to enable it");
    }
}
