package io.odysseyguard.demo;

import io.odysseyguard.localserver.LocalOdysseyServer;
import io.odysseyguard.localserver.ServerConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * The one-command demo: the embedded local server (limit 5), the Spring Boot DevTools sample restarted N times
 * without and then with the guard, a progress line per restart, the side-by-side table and a verdict. Exit code 0
 * whatever the verdict; 1 when the demo could not run, 2 for a bad option.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Restarts the Spring Boot DevTools sample without and with Odyssey Guard against a local"
                + " stand-in Odyssey server, and shows what the server sees.")
public final class Demo implements Callable<Integer> {

    /** One key per run: the limit is per key, so each run starts with all its slots free, and the dashboard shows them apart. */
    static final String KEY_WITHOUT_GUARD = "ody_demo_without_guard";
    static final String KEY_WITH_GUARD = "ody_demo_with_guard";

    @Option(names = "--restarts", defaultValue = "8", paramLabel = "N",
            description = "DevTools restarts per run (default: ${DEFAULT-VALUE}).")
    int restarts;

    @Option(names = "--keep-running", description = "Keep the local server and its dashboard up at the end (Ctrl+C stops it).")
    boolean keepRunning;

    @Option(names = "--port", defaultValue = "0", paramLabel = "PORT", description = "The local server's port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--limit", defaultValue = "5", paramLabel = "N",
            description = "Concurrent sessions per API key (default: ${DEFAULT-VALUE}, the free plan's).")
    int limit;

    @Option(names = "--app", defaultValue = "samples/spring-boot-devtools", paramLabel = "DIR",
            description = "The sample, built (default: ${DEFAULT-VALUE}).")
    Path app;

    @Option(names = "--main-class", defaultValue = "com.example.odyssey.VideoApplication", paramLabel = "CLASS",
            description = "The sample's main class (default: ${DEFAULT-VALUE}).")
    String mainClass;

    @Option(names = "--agent", defaultValue = "demo-runner/target/odyssey-guard-agent.jar", paramLabel = "JAR",
            description = "The agent jar (default: ${DEFAULT-VALUE}).")
    Path agent;

    @Option(names = "--verbose", description = "Print where the app logs are, and stack traces.")
    boolean verbose;

    private final PrintStream out;

    Demo(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) {
        Demo demo = new Demo(System.out);
        CommandLine cli = new CommandLine(demo);
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof DemoException) {
                System.err.println("demo: could not run: " + e.getMessage());
            } else {
                System.err.println("demo: something broke: " + e);
                if (demo.verbose) {
                    e.printStackTrace();
                } else {
                    System.err.println("demo: --verbose shows its stack trace");
                }
            }
            return 1;
        });
        System.exit(cli.execute(args));
    }

    @Override
    public Integer call() throws Exception {
        DemoOptions options = new DemoOptions(app.toAbsolutePath(), mainClass, agent.toAbsolutePath(), restarts, limit,
                port, keepRunning, verbose);
        run(options, out);
        return 0;
    }

    /** Runs both runs, prints the table and the verdict, and returns the runs' results (for the test). */
    static Results run(DemoOptions options, PrintStream out) throws Exception {
        if (options.restarts() < 1) {
            throw new DemoException("--restarts must be at least 1");
        }
        if (!Files.isRegularFile(options.app().resolve("target/classpath.txt"))) {
            throw new DemoException("the sample at " + options.app() + " is not built (run ./demo, which builds it)");
        }
        if (!Files.isRegularFile(options.agent())) {
            throw new DemoException("no agent jar at " + options.agent() + " (run ./demo, which builds it)");
        }
        LocalOdysseyServer server;
        try {
            server = LocalOdysseyServer.start(ServerConfig.defaults().with(c -> {
                c.port = options.port();
                c.concurrencyLimit = options.limit();
            }));
        } catch (RuntimeException e) {
            throw new DemoException("the local server did not start on port " + options.port() + ": " + e.getMessage());
        }
        Path work = null;
        boolean keepLogs = options.verbose();
        try {
            work = Files.createTempDirectory("odyssey-guard-demo-");
            out.println("Odyssey Guard demo: the Spring Boot DevTools sample, restarted " + options.restarts()
                    + " times by touching a class file, first without the guard, then with it.");
            out.println("Local Odyssey server: " + server.baseUrl() + " (limit " + options.limit()
                    + " sessions per key); live dashboard: " + server.baseUrl() + "/");
            out.println();
            out.println("WITHOUT the guard (plain `java -cp target/classes:... VideoApplication`; key "
                    + LocalOdysseyServer.keyFingerprint(KEY_WITHOUT_GUARD) + " on the dashboard):");
            DemoRun.Result without = new DemoRun(false, options, server.baseUrl(), KEY_WITHOUT_GUARD,
                    options.limit(), out).run(Files.createDirectories(work.resolve("without-guard")));
            out.println();
            out.println("WITH the guard (the same, plus -javaagent:" + Path.of("").toAbsolutePath().relativize(options.agent())
                    + "; key " + LocalOdysseyServer.keyFingerprint(KEY_WITH_GUARD) + " on the dashboard):");
            DemoRun.Result with = new DemoRun(true, options, server.baseUrl(), KEY_WITH_GUARD,
                    options.limit(), out).run(Files.createDirectories(work.resolve("with-guard")));
            if (options.verbose()) {
                with.guardLines().forEach(l -> out.println("  " + l));
            }
            out.println();
            Report.table(without, with, out);
            out.println();
            out.println(Report.verdict(without, with));
            if (keepLogs) {
                out.println("(the app's logs: " + work + ")");
            }
            out.flush();
            if (options.keepRunning()) {
                out.println();
                out.println("The local server keeps running: dashboard " + server.baseUrl() + "/ (Ctrl+C stops it).");
                out.flush();
                CountDownLatch stopped = new CountDownLatch(1);
                Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown));
                stopped.await();
            }
            return new Results(without, with);
        } catch (Exception | Error e) {
            if (work != null && !keepLogs) {
                keepLogs = true; // a run that went wrong keeps what the app logged, for whoever looks into it
                out.println("(the app's logs: " + work + ")");
            }
            throw e;
        } finally {
            server.close();
            if (work != null && !keepLogs) {
                WorkFolder.delete(work);
            }
        }
    }

    record Results(DemoRun.Result without, DemoRun.Result with) {
    }
}
