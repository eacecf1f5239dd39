package io.odysseyguard.agent;

/**
 * Start-up messages of the agent tooling, printed before the bootstrap part (and its
 * {@code io.odysseyguard.guard.Reporter}) may be loaded; same prefix and format.
 */
final class AgentLog {
    private AgentLog() {
    }

    static void warn(String message) {
        info("warning: " + message);
    }

    static void info(String message) {
        System.err.println("odyssey-guard: " + message);
    }
}
