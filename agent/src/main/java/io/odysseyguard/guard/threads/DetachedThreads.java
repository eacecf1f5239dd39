package io.odysseyguard.guard.threads;

import java.security.AccessController;
import java.security.PrivilegedAction;

/**
 * The threads the guard starts: daemon threads that inherit nothing from their creator (no inheritable thread locals,
 * no context class loader and, created in a privileged block from this bootstrap class, no access-control context
 * holding the creator's protection domains), so that none of them ever pins a class loader of the application's.
 */
public final class DetachedThreads {
    private DetachedThreads() {
    }

    /** A new daemon thread running {@code body}, not started. */
    @SuppressWarnings("removal")
    public static Thread of(Runnable body, String name) {
        return AccessController.doPrivileged(new PrivilegedAction<Thread>() {
            @Override
            public Thread run() {
                Thread t = new Thread(null, body, name, 0, false);
                t.setDaemon(true);
                t.setContextClassLoader(null);
                return t;
            }
        });
    }

    /**
     * Runs {@code body} on a new detached thread and waits for it at most {@code waitMillis}: the caller goes on
     * then, and a body that takes longer finishes (or not) on its own. Restores the caller's interrupt.
     */
    public static void runWithin(Runnable body, String name, long waitMillis) {
        Thread t = of(body, name);
        t.start();
        try {
            t.join(waitMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
