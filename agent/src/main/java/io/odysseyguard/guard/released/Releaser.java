package io.odysseyguard.guard.released;

import io.odysseyguard.guard.tracked.ClientNames;
import io.odysseyguard.guard.tracked.TrackedConnection;
import io.odysseyguard.guard.tracked.TrackedConnection.Claimed;
import io.odysseyguard.guard.threads.DetachedThreads;
import io.odysseyguard.guard.tracked.Tracker;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Gracefully closes claimed connections through their own close method, all in parallel on daemon threads, waits at
 * most a bound, and returns how each one ended. A close that throws or hangs never holds up the others, the caller,
 * or JVM exit beyond the bound; nothing is thrown.
 */
public final class Releaser {
    private static volatile long releaseTimeoutMillis;

    private Releaser() {
    }

    /** How one connection's release ended. {@code cause}: the class of what was thrown, for the two failures. */
    public record Outcome(TrackedConnection connection, Status status, String cause) {
        public enum Status {
            RELEASED,
            /**
             * Its close returned, but its session's connection had been lost (the network dropped it, or the service
             * never answered the close): the service may still hold the session, which the connection's client is
             * ending from its credentials (and the watchdog and journal keep). Not counted as released.
             */
            LOST,
            /** Its close method threw. */
            CLOSE_THREW,
            /** Calling its close method failed (access, linkage). */
            CLOSE_FAILED,
            /**
             * Its close method, or the call to it, failed for want of a class its class loader no longer loads: the
             * loader was already stopped or closed (an application server tore the webapp down first).
             */
            LOADER_STOPPED,
            /** None of its close methods exists as a no-argument instance method. */
            NO_CLOSE_METHOD,
            /** No thread could be started to close it. */
            NO_THREAD,
            /** Its close had not returned when the wait ended (the guard's, or the application's own it waited for). */
            DID_NOT_RETURN,
            /**
             * The application closed it itself while the trigger ran (its close was under way, or came meanwhile):
             * the guard waited for that close and did not close it again. Not released, not left open: a report
             * leaves it out.
             */
            CLOSED_BY_APPLICATION
        }

        /** Whether the guard closed it, or tried to and failed: what a report names (not what the application closed). */
        public boolean isTheGuards() {
            return status != Status.CLOSED_BY_APPLICATION;
        }
    }

    /** Called once when the agent installs the guard: how long one connection's close may take. */
    public static void configure(long timeoutMillis) {
        releaseTimeoutMillis = timeoutMillis;
    }

    /** The {@code release-timeout} option. */
    public static long releaseTimeoutMillis() {
        return releaseTimeoutMillis;
    }

    /** How many of {@code outcomes} were released. */
    public static int releasedCount(List<Outcome> outcomes) {
        int n = 0;
        for (Outcome o : outcomes) {
            if (o.status() == Outcome.Status.RELEASED) {
                n++;
            }
        }
        return n;
    }

    /**
     * Closes every claimed connection, in parallel, and waits at most {@code waitMillis} for all of them. Takes the
     * list over (it is emptied): from then on only the release threads hold the connections.
     */
    public static List<Outcome> release(List<Claimed> claimed, long waitMillis) {
        if (claimed.isEmpty()) {
            return List.of();
        }
        CountDownLatch done = new CountDownLatch(claimed.size());
        List<Task> tasks = new ArrayList<>(claimed.size());
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMillis);
        for (Claimed c : claimed) {
            Task task = new Task(c, done, deadline);
            tasks.add(task);
            try {
                DetachedThreads.of(task, "odyssey-guard-release").start();
            } catch (Throwable t) {
                task.finish(Outcome.Status.NO_THREAD, t.getClass().getName());
            }
        }
        claimed.clear();
        awaitUninterruptibly(done, deadline);
        List<Outcome> outcomes = new ArrayList<>(tasks.size());
        for (Task t : tasks) {
            outcomes.add(t.outcome());
        }
        return outcomes;
    }

    /** Waits for the latch until {@code deadline}; an interrupt does not cut the wait short but is kept. */
    private static void awaitUninterruptibly(CountDownLatch latch, long deadline) {
        boolean interrupted = false;
        while (true) {
            long left = deadline - System.nanoTime();
            try {
                if (left <= 0 || latch.await(left, TimeUnit.NANOSECONDS)) {
                    break;
                }
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Closes one connection on its own thread; when the application's own close of it is under way (or comes before
     * this thread gets to it), waits for that instead, until {@code deadline}.
     */
    private static final class Task implements Runnable {
        private final TrackedConnection tracked;
        private final CountDownLatch done;
        private final long deadline;
        private Object connection;
        private volatile Outcome outcome;

        Task(Claimed claimed, CountDownLatch done, long deadline) {
            this.tracked = claimed.tracked();
            this.connection = claimed.connection();
            this.done = done;
            this.deadline = deadline;
        }

        @Override
        public void run() {
            Object c = connection;
            connection = null;
            Outcome.Status status = Outcome.Status.RELEASED;
            String cause = null;
            try {
                if (!tracked.awaitApplicationCloses(deadline)) {
                    status = Outcome.Status.DID_NOT_RETURN;
                    return;
                }
                if (tracked.closedByApplication()) {
                    status = Outcome.Status.CLOSED_BY_APPLICATION;
                    return;
                }
                tracked.releasingOnThisThread();
                Thread.currentThread().setContextClassLoader(c.getClass().getClassLoader());
                Method close = findClose(c.getClass(), tracked.closeMethods());
                if (close == null) {
                    status = Outcome.Status.NO_CLOSE_METHOD;
                } else {
                    close.invoke(c);
                    if (holdsLostSession(c)) {
                        status = Outcome.Status.LOST;
                    }
                }
            } catch (InvocationTargetException e) {
                status = refusedClasses(e.getCause(), c) ? Outcome.Status.LOADER_STOPPED : Outcome.Status.CLOSE_THREW;
                cause = e.getCause().getClass().getName();
            } catch (Throwable t) {
                status = refusedClasses(t, c) ? Outcome.Status.LOADER_STOPPED : Outcome.Status.CLOSE_FAILED;
                cause = t.getClass().getName();
            } finally {
                Thread.currentThread().setContextClassLoader(null);
                Tracker.releaseEnded(c);
                finish(status, cause);
            }
        }

        void finish(Outcome.Status status, String cause) {
            Tracker.releaseEnded(connection); // not run: never started (its run() ends it otherwise)
            connection = null;
            outcome = new Outcome(tracked, status, cause);
            done.countDown();
        }

        /** How it ended; {@code DID_NOT_RETURN} while the close still runs. */
        Outcome outcome() {
            Outcome o = outcome;
            return o != null ? o : new Outcome(tracked, Outcome.Status.DID_NOT_RETURN, null);
        }
    }

    /**
     * Whether {@code failure} comes from a class loader that no longer loads classes: a {@code NoClassDefFoundError} or
     * {@code ClassNotFoundException} among its causes (a connection that opened fine needs no class its loader lacks,
     * unless the loader was stopped or closed), or an {@code IllegalStateException} (Tomcat's "this web application
     * instance has been stopped already") while the loader of the connection's class is in a stopped lifecycle state.
     */
    static boolean refusedClasses(Throwable failure, Object connection) {
        boolean classMissing = false;
        boolean illegalState = false;
        int depth = 0;
        for (Throwable t = failure; t != null && depth < 16; t = t.getCause(), depth++) {
            if (t instanceof NoClassDefFoundError || t instanceof ClassNotFoundException) {
                classMissing = true;
            } else if (t instanceof IllegalStateException) {
                illegalState = true;
            }
        }
        if (classMissing) {
            return true;
        }
        return illegalState && isStopped(connection.getClass().getClassLoader());
    }

    /** A loader with a Tomcat-style lifecycle ({@code getStateName()}) that is not {@code STARTED}. */
    static boolean isStopped(ClassLoader loader) {
        if (loader == null) {
            return false;
        }
        try {
            Method state = loader.getClass().getMethod("getStateName");
            Object name = state.invoke(loader);
            return name instanceof String && !"STARTED".equals(name);
        } catch (Throwable t) {
            return false;
        }
    }

    /**
     * Whether the connection's client says, after its close, that it still ends a session whose connection was lost
     * ({@code lostSessionCredentials()} not empty): then its close could not release that session. A class without
     * the method (a hand-written target) holds none.
     */
    static boolean holdsLostSession(Object connection) {
        try {
            Method lost = connection.getClass().getMethod(ClientNames.LOST_SESSION_CREDENTIALS);
            Object sessions = lost.getParameterCount() == 0 ? lost.invoke(connection) : null;
            return sessions instanceof java.util.Collection<?> c && !c.isEmpty();
        } catch (Throwable t) {
            return false;
        }
    }

    /** The first of {@code names} declared by the class or a superclass as a no-argument instance method. */
    static Method findClose(Class<?> type, List<String> names) {
        for (String name : names) {
            for (Class<?> c = type; c != null; c = c.getSuperclass()) {
                try {
                    Method m = c.getDeclaredMethod(name);
                    if (Modifier.isStatic(m.getModifiers())) {
                        continue;
                    }
                    if (!(Modifier.isPublic(m.getModifiers()) && Modifier.isPublic(c.getModifiers()))) {
                        m.setAccessible(true);
                    }
                    return m;
                } catch (NoSuchMethodException e) {
                    // try the superclass
                }
            }
        }
        return null;
    }
}
