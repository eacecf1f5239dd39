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
}
