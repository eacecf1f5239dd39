package io.odysseyguard.benchmarks.torture.gen;

import io.odysseyguard.benchmarks.torture.child.Report;
import io.odysseyguard.client.OdysseyClient;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.devtools.restart.Restarter;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;

import java.lang.reflect.Method;
import java.util.List;

/**
 * A careful generation's own cleanup: some other shutdown work first, then it ends its streams and disconnects every
 * client, each of which it must find still connected (the guard goes last). Reports {@code cleanup GEN ok N} or
 * {@code cleanup GEN broken REASON}. Run from where the trigger lets the application clean up:
 * <ul>
 *   <li>{@code hook}: a JVM shutdown hook of the application's;</li>
 *   <li>{@code context}: the destroy method of a bean in a real Spring context that DevTools' {@code Restarter} closes
 *   on a restart ({@code Restarter.prepare(context)}, as Spring Boot registers its application's context);</li>
 *   <li>{@code listener}: a webapp listener's {@code contextDestroyed}, which the child runs before it closes the
 *   generation's class loader.</li>
 * </ul>
 */
final class CarefulCleanup implements Runnable {
    private final String generation;
    private final List<OdysseyClient> clients;
    private final List<OdysseyClient> streaming;
    private final long workMillis;

    CarefulCleanup(String generation, List<OdysseyClient> clients, List<OdysseyClient> streaming, long workMillis) {
        this.generation = generation;
        this.clients = clients;
        this.streaming = streaming;
        this.workMillis = workMillis;
    }

    /** Sets it up the given way; the listener way is run by the caller ({@link #run}). */
    void prepare(String way) {
        switch (way) {
            case "hook" -> Runtime.getRuntime().addShutdownHook(new Thread(this, "torture-cleanup-" + generation));
            case "context" -> {
                GenericApplicationContext context = new GenericApplicationContext();
                context.registerBean("carefulCleanup", Bean.class, () -> new Bean(this));
                context.refresh();
                registerWithRestarter(context);
            }
            case "listener" -> { }
            default -> throw new IllegalArgumentException("unknown cleanup " + way);
        }
    }

    /**
     * What Spring Boot's {@code RestartApplicationListener} does with the application's context
     * ({@code Restarter.prepare(ConfigurableApplicationContext)}, package-private: called as the listener calls it), so
     * that DevTools' {@code Restarter.stop()} closes it on the next restart, before the guard's release at its exit.
     */
    private static void registerWithRestarter(ConfigurableApplicationContext context) {
        try {
            Method prepare = Restarter.class.getDeclaredMethod("prepare", ConfigurableApplicationContext.class);
            prepare.setAccessible(true);
            prepare.invoke(Restarter.getInstance(), context);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot register the context with DevTools' Restarter", e);
        }
    }

    @Override
    public void run() {
        try {
            Thread.sleep(workMillis);
            for (OdysseyClient c : clients) {
                if (!c.isConnected()) {
                    Report.line("cleanup " + generation + " broken a client was disconnected before the application's"
                            + " cleanup ran");
                    return;
                }
            }
            for (OdysseyClient c : streaming) {
                c.endStream();
            }
            for (OdysseyClient c : clients) {
                c.disconnect();
            }
            Report.line("cleanup " + generation + " ok " + clients.size());
        } catch (Throwable t) {
            Report.line("cleanup " + generation + " broken " + t.getClass().getName());
        }
    }

    /** The bean whose destroy method the context's close calls. */
    static final class Bean implements DisposableBean {
        private final Runnable cleanup;

        Bean(Runnable cleanup) {
            this.cleanup = cleanup;
        }

        @Override
        public void destroy() {
            cleanup.run();
        }
    }
}
