package io.odysseyguard.benchmarks.torture;

/** What ends a lifecycle: the JVM's end (five ways) or one generation's end inside a running JVM (two ways). */
enum Trigger {
    /** {@code main} returns; no thread keeps the JVM: shutdown hooks run. */
    EXIT_NORMAL(true),
    /** {@code System.exit(0)} from the application's thread. */
    SYSTEM_EXIT(true),
    /** {@code kill -TERM} (the process API's {@code destroy()}). */
    SIGTERM(true),
    /** {@code kill -INT}, what Ctrl+C sends. */
    SIGINT(true),
    /** {@code kill -9}: no hook runs; the watchdog closes the sessions. */
    SIGKILL(true),
    /** The generation's {@code URLClassLoader.close()}. */
    LOADER_CLOSE(false),
    /** Spring Boot DevTools' real {@code Restarter.restart()}: the generation's {@code RestartClassLoader} is discarded. */
    DEVTOOLS_RESTART(false);

    final boolean endsJvm;

    Trigger(boolean endsJvm) {
        this.endsJvm = endsJvm;
    }
}
