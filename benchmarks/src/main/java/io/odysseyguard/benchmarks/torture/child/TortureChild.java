package io.odysseyguard.benchmarks.torture.child;

import org.springframework.boot.devtools.restart.Restarter;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The application of the torture run's child JVMs, started with the guard's {@code -javaagent}:
 * {@code TortureChild <control port> <api url> <generation classes dir> plain|devtools}. It connects to the harness's
 * control socket on loopback, then runs the harness's commands one line at a time and answers on standard output
 * ({@link Report}). Its generations are loaded by a class loader of their own: a {@link GenerationLoader} (plain), or
 * Spring Boot DevTools' real {@code RestartClassLoader}, through the real {@link Restarter} (devtools).
 *
 * <pre>
 * gen NAME CONNECTIONS STREAMS FAULTY [cleanup WAY WORK]
 *                                           a new generation (devtools: the first one, launched by Restarter.initialize);
 *                                           with cleanup, it cleans up after itself (GenerationApi.cleanUpItself)
 * end NAME [race-connect DELAY|race-disconnect]   runs the generation's contextDestroyed, then closes its
 *                                           URLClassLoader (plain), as a servlet container stops a webapp
 * restart NAME [race-connect DELAY|race-disconnect]
 *                                           Restarter.restart(): the current generation is discarded, NAME launched
 *                                           (it connects on the next command, once the harness has checked the old one)
 * open NAME CONNECTIONS STREAMS FAULTY [cleanup WAY WORK]   the launched DevTools generation connects
 * race-connect | race-disconnect            starts, on a thread of its own, a connect / the application's own
 *                                           disconnect in the newest generation (just before the harness ends the JVM)
 * exit normal | exit system                 main returns / System.exit(0)
 * </pre>
 */
public final class TortureChild {
    private static final AtomicBoolean STARTED = new AtomicBoolean();
    /** DevTools: what the next (re)launched main opens, and who waits for it. */
    private static volatile String[] pending;
    private static volatile CountDownLatch launched;
    private static final SynchronousQueue<String[]> FIRST_DEVTOOLS_GENERATION = new SynchronousQueue<>();

    private static String apiUrl;
    private static URL generationClasses;
    private static boolean devtools;
    private static volatile GenerationApi newest;
    private static final java.util.Map<String, GenerationLoader> LOADERS = new java.util.concurrent.ConcurrentHashMap<>();
    private static final java.util.Map<String, GenerationApi> GENERATIONS = new java.util.concurrent.ConcurrentHashMap<>();

    private TortureChild() {
    }

    public static void main(String[] args) throws Exception {
        if (STARTED.getAndSet(true)) {
            openLaunchedGeneration(); // DevTools (re)launched main in a new RestartClassLoader
            return;
        }
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> Report.exception("uncaught:" + t.getName(), e));
        int port = Integer.parseInt(args[0]);
        apiUrl = args[1];
        generationClasses = Path.of(args[2]).toUri().toURL();
        devtools = args[3].equals("devtools");
        Socket control = new Socket("127.0.0.1", port);
        BufferedReader in = new BufferedReader(new InputStreamReader(control.getInputStream(), StandardCharsets.UTF_8));
        Report.line("ready " + ProcessHandle.current().pid());
        if (!devtools) {
            commands(in);
            return; // exit normal: main returns, no other thread keeps the JVM
        }
        Thread loop = new Thread(() -> {
            try {
                commands(in);
            } catch (Exception e) {
                Report.exception("control", e);
            }
        }, "torture-control");
        loop.start();
        String[] first = FIRST_DEVTOOLS_GENERATION.take();
        pending = first;
        // As DevTools' own RestartApplicationListener does at start-up, with the generation classes as the restart URLs:
        // relaunches this main in a RestartClassLoader, waits for it to return, then ends this thread silently.
        Restarter.initialize(args, false, thread -> new URL[] {generationClasses}, true);
    }

    private static void commands(BufferedReader in) throws Exception {
        int seq = 0;
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            seq++;
            String[] w = line.trim().split(" ");
            try {
                if (!run(w)) {
                    return;
                }
            } catch (Throwable t) {
                Report.exception("command:" + w[0], t);
            }
            Report.line("done " + seq);
        }
        // the harness went away: end as a normal exit would
    }

    /** Runs one command; false for {@code exit normal} (the loop ends, main returns). */
    private static boolean run(String[] w) throws Exception {
        switch (w[0]) {
            case "gen" -> {
                if (devtools) {
                    launched = new CountDownLatch(1);
                    FIRST_DEVTOOLS_GENERATION.put(w);
                    awaitLaunch();
                } else {
                    GenerationLoader loader = new GenerationLoader("generation-" + w[1], generationClasses,
                            TortureChild.class.getClassLoader());
                    LOADERS.put(w[1], loader);
                    open(loader, w);
                }
            }
            case "end" -> {
                GenerationLoader loader = LOADERS.remove(w[1]);
                GenerationApi gen = GENERATIONS.remove(w[1]);
                race(gen, w, 2, () -> {
                    gen.contextDestroyed();
                    loader.close();
                });
            }
            case "restart" -> {
                GenerationApi old = newest;
                pending = w;
                launched = new CountDownLatch(1);
                race(old, w, 2, () -> Restarter.getInstance().restart());
                awaitLaunch();
            }
            case "open" -> openGeneration(newest, w);
            case "race-connect" -> background(newest::connectOneMore, "torture-race-connect");
            case "race-disconnect" -> background(newest::disconnectAll, "torture-race-disconnect");
            case "exit" -> {
                Report.line("exiting " + System.currentTimeMillis());
                if (w[1].equals("system")) {
                    System.exit(0);
                }
                return false;
            }
            default -> throw new IllegalArgumentException("unknown command " + w[0]);
        }
        return true;
    }

    private interface Trigger {
        void fire() throws Exception;
    }

    /**
     * Fires {@code trigger}; with {@code race-connect DELAY} at {@code w[at]}, a connect in {@code gen} starts DELAY ms
     * before it; with {@code race-disconnect}, the application's own disconnect of every client of {@code gen} starts
     * together with it. Waits (bounded) for the racing thread.
     */
    private static void race(GenerationApi gen, String[] w, int at, Trigger trigger) throws Exception {
        Thread racer = null;
        if (w.length > at && w[at].equals("race-connect")) {
            racer = background(gen::connectOneMore, "torture-race-connect");
            Thread.sleep(Long.parseLong(w[at + 1]));
        } else if (w.length > at && w[at].equals("race-disconnect")) {
            CountDownLatch go = new CountDownLatch(1);
            racer = background(() -> {
                awaitQuietly(go);
                gen.disconnectAll();
            }, "torture-race-disconnect");
            go.countDown();
        }
        try {
            trigger.fire();
        } catch (Throwable t) {
            Report.exception("trigger:" + w[0], t);
        }
        if (racer != null) {
            racer.join(TimeUnit.SECONDS.toMillis(30));
        }
    }

    private static Thread background(Runnable body, String name) {
        Thread t = new Thread(() -> {
            try {
                body.run();
            } catch (Throwable e) {
                Report.exception(name, e);
            }
        }, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static void open(ClassLoader loader, String[] w) throws Exception {
        GenerationApi gen = (GenerationApi) Class.forName(GenerationLoader.GENERATION_PACKAGE + "Generation", true, loader)
                .getConstructor(String.class).newInstance(w[1]);
        GENERATIONS.put(w[1], gen);
        newest = gen;
        if (w.length > 4 && !w[0].equals("restart")) {
            openGeneration(gen, w);
        }
    }

    /** {@code gen|open NAME CONNECTIONS STREAMS FAULTY [cleanup WAY WORK]}: connects, then prepares the cleanup. */
    private static void openGeneration(GenerationApi gen, String[] w) throws Exception {
        gen.open(apiUrl, Integer.parseInt(w[2]), Integer.parseInt(w[3]), w[4]);
        if (w.length > 7 && w[5].equals("cleanup")) {
            gen.cleanUpItself(w[6], Long.parseLong(w[7]));
        }
    }

    /** In DevTools' relaunched main: the pending generation, defined by the new RestartClassLoader (the context loader). */
    private static void openLaunchedGeneration() {
        try {
            open(Thread.currentThread().getContextClassLoader(), pending);
        } catch (Throwable t) {
            Report.exception("generation:" + pending[1], t);
        } finally {
            launched.countDown();
        }
    }

    private static void awaitLaunch() throws InterruptedException {
        if (!launched.await(60, TimeUnit.SECONDS)) {
            Report.line("exception devtools-launch java.util.concurrent.TimeoutException");
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
