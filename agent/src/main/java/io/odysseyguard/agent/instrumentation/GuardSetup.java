package io.odysseyguard.agent.instrumentation;

/**
 * What the transformer needs of the agent's start-up, which implements it: to wait for the guard (nothing is woven,
 * and no class that names the guard is defined, before the bootstrap part is ready), and to be told when the first
 * hooked class comes by.
 */
public interface GuardSetup {
    /** True once the set-up has ended, ready or not. */
    boolean isSettled();

    /** True when the calling thread is the one setting the guard up (it must never wait for itself). */
    boolean isStartupThread();

    /** Waits for the set-up to end; true when the guard is ready. */
    boolean awaitReady();

    /**
     * Called once, when the first hooked class comes by (the application is about to use Odyssey, or a dev server is
     * starting), with the guard ready: for work a JVM that never does should never pay for. Must not throw.
     */
    void firstHookedClass();
}
