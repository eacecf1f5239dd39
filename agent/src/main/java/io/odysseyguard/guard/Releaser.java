package io.odysseyguard.guard;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.security.AccessController;
import java.security.PrivilegedAction;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Gracefully closes connections through their own close method, all in parallel on daemon threads, waits at
 * most a bound, and reports one line for the trigger. A close that throws or hangs is reported and never
 * holds up the others, the caller, or JVM exit beyond the bound.
 */
final class Releaser {
    private Releaser() {
    }

    /** Releases the {record, connection} pairs; returns how many closed cleanly within {@code waitMillis}. */
    static int release(List<Object[]> taken, String trigger, long waitMillis) {
        return release(taken, trigger, null, null, waitMillis);
    }

    /**
     * As {@link #release(List, String, long)}; when every released connection's owner is described exactly as
     * {@code soleOwner}, the report says {@code soleOwnerTrigger} instead of {@code trigger} (so that it does not
     * name the same loader twice: "left open by X when it was closed").
     */
    static int release(List<Object[]> taken, String trigger, String soleOwner, String soleOwnerTrigger, long waitMillis) {
        if (taken.isEmpty()) {
            return 0;
        }
        CountDownLatch done = new CountDownLatch(taken.size());
        List<Task> tasks = new ArrayList<>(taken.size());
        for (Object[] pair : taken) {
            Task task = new Task((ConnectionRecord) pair[0], pair[1], done);
            tasks.add(task);
            try {
                newThread(task, "odyssey-guard-release").start();
            } catch (Throwable t) {
                task.finish("could not start a release thread: " + t.getClass().getName());
            }
        }
        taken.clear(); // the tasks hold the connections now; nothing else must
        boolean interrupted = false;
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMillis);
        while (true) {
            long left = deadline - System.nanoTime();
            try {
                if (left <= 0 || done.await(left, TimeUnit.NANOSECONDS)) {
                    break;
                }
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        int released = report(tasks, trigger, soleOwner, soleOwnerTrigger, waitMillis);
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return released;
    }

    private static int report(List<Task> tasks, String trigger, String soleOwner, String soleOwnerTrigger,
                              long waitMillis) {
        Set<String> owners = new LinkedHashSet<>();
        Map<String, Integer> sites = new LinkedHashMap<>();
        List<String> failures = new ArrayList<>();
        int released = 0;
        for (Task t : tasks) {
            owners.add(t.record.ownerDescription);
            String failure = t.failure();
            if (failure == null && t.isDone()) {
                released++;
                sites.merge(t.record.siteText(), 1, Integer::sum);
            } else {
                String why = failure != null ? failure : "close did not return within " + waitMillis + " ms";
                failures.add(t.record.className + " opened at " + t.record.siteText() + " (" + why + ")");
            }
        }
        if (soleOwnerTrigger != null && owners.size() == 1 && owners.contains(soleOwner)) {
            trigger = soleOwnerTrigger;
        }
        StringBuilder line = new StringBuilder("released ");
        if (failures.isEmpty()) {
            line.append(released);
        } else {
            line.append(released).append(" of ").append(tasks.size());
        }
        line.append(tasks.size() == 1 ? " Odyssey connection" : " Odyssey connections")
                .append(" left open by ").append(String.join(", ", owners))
                .append(' ').append(trigger);
        if (!sites.isEmpty()) {
            List<String> parts = new ArrayList<>();
            sites.forEach((site, n) -> parts.add("opened at " + site + (n > 1 ? " (" + n + "x)" : "")));
            line.append(" (").append(String.join("; ", parts)).append(')');
        }
        if (!failures.isEmpty()) {
            line.append("; not released: ").append(String.join("; ", failures));
        }
        Reporter.report(line.toString());
        return released;
    }

    /**
     * A daemon thread that inherits nothing from its creator: no inheritable thread locals, no context class
     * loader, and (created in a privileged block from this bootstrap class) no access-control context holding
     * the creator's protection domains, so it never pins a class loader.
     */
    @SuppressWarnings("removal")
    static Thread newThread(Runnable body, String name) {
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

    /** Closes one connection. */
    private static final class Task implements Runnable {
        final ConnectionRecord record;
        private Object connection;
        private final CountDownLatch done;
        private volatile String failure;
        private volatile boolean finished;

        Task(ConnectionRecord record, Object connection, CountDownLatch done) {
            this.record = record;
            this.connection = connection;
            this.done = done;
        }

        @Override
        public void run() {
            Object c = connection;
            connection = null;
            String outcome = null;
            try {
                Thread.currentThread().setContextClassLoader(c.getClass().getClassLoader());
                Method close = findClose(c.getClass(), record.closeMethods);
                if (close == null) {
                    outcome = "no no-argument close method " + record.closeMethods.replace("|", " or ");
                } else {
                    close.invoke(c);
                }
            } catch (InvocationTargetException e) {
                outcome = "close threw " + e.getCause().getClass().getName();
            } catch (Throwable t) {
                outcome = "close failed: " + t.getClass().getName();
            } finally {
                Thread.currentThread().setContextClassLoader(null);
                finish(outcome);
            }
        }

        void finish(String outcome) {
            failure = outcome;
            finished = true;
            connection = null;
            done.countDown();
        }

        boolean isDone() {
            return finished;
        }

        String failure() {
            return finished ? failure : null;
        }
    }

    static Method findClose(Class<?> type, String closeMethods) {
        for (String name : closeMethods.split("\\|")) {
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
