package io.odysseyguard.agent;

import io.odysseyguard.guard.OdysseyGuard;

/**
 * Start-up messages, printed before the bootstrap part (and its {@code Reporter}) is defined: same prefix, from the
 * public front, and format.
 */
final class AgentLog {
    private AgentLog() {
    }

    static void warn(String message) {
        info("warning: " + message);
    }

    static void info(String message) {
        System.err.println(OdysseyGuard.OUTPUT_PREFIX + message);
    }
}
