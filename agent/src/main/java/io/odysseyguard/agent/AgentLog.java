package io.odysseyguard.agent;

import io.odysseyguard.guard.output.Reporter;

/**
 * Start-up messages, printed before the bootstrap part (and its {@link Reporter}) may be loaded: same prefix (a
 * compile-time constant, so naming it loads nothing) and format.
 */
final class AgentLog {
    private AgentLog() {
    }

    static void warn(String message) {
        info("warning: " + message);
    }

    static void info(String message) {
        System.err.println(Reporter.PREFIX + message);
    }
}
