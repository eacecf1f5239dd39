package io.odysseyguard.localserver;

import io.odysseyguard.didyoumean.DidYouMean;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code java -jar odyssey-local-server.jar [flags]}: runs the server until interrupted. The first line on
 * stdout is {@code odyssey-local-server: listening on http://HOST:PORT (limit N sessions per key)}, so scripts can
 * read the port when they asked for 0 (the URL is followed by a space); the next two name the dashboard and the
 * client's {@code ODYSSEY_API_URL}. The HTTP framework's INFO lines (Javalin, Jetty) are left out unless
 * {@code --verbose}; warnings, errors and the server's own session lines (INFO) go to stderr.
 * Exit codes: 2 for bad flags (picocli's usage error; a mistyped flag gets "Did you mean: --the-flag?"), 1 when the
 * server cannot start.
 */
@Command(name = "odyssey-local-server", mixinStandardHelpOptions = true, sortOptions = false,
        versionProvider = Main.Version.class,
        description = "A local stand-in for the Odyssey service: its REST API, the signaling WebSocket, "
                + "session limits and time-outs, the Simulate API, GET /usage and a dashboard at /.%n"
                + "Durations are written like 500ms, 3s, 15m or 1h.")
public final class Main implements Callable<Integer> {

    @Option(names = "--host", defaultValue = ServerConfig.DEFAULT_HOST, description = "Interface to listen on (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", defaultValue = "" + ServerConfig.DEFAULT_PORT, description = "Port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--concurrency-limit", defaultValue = "" + ServerConfig.DEFAULT_CONCURRENCY_LIMIT, paramLabel = "N",
            description = "Concurrent sessions per API key (default: ${DEFAULT-VALUE}).")
    int concurrencyLimit;

    @Option(names = "--heartbeat-timeout", defaultValue = ServerConfig.DEFAULT_HEARTBEAT_TIMEOUT, paramLabel = "DURATION", converter = DurationConverter.class,
            description = "A session without any message (keepalive) for this long is reaped (default: ${DEFAULT-VALUE}).")
    Duration heartbeatTimeout;

    @Option(names = "--connect-timeout", defaultValue = ServerConfig.DEFAULT_CONNECT_TIMEOUT, paramLabel = "DURATION", converter = DurationConverter.class,
            description = "A requested session whose socket never opens is closed after this (default: ${DEFAULT-VALUE}).")
    Duration connectTimeout;

    @Option(names = "--idle-timeout", defaultValue = ServerConfig.DEFAULT_IDLE_TIMEOUT, paramLabel = "DURATION", converter = DurationConverter.class,
            description = "A connected session without a stream is closed after this (default: ${DEFAULT-VALUE}).")
    Duration idleTimeout;

    @Option(names = "--stream-limit", defaultValue = ServerConfig.DEFAULT_STREAM_LIMIT, paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Longest stream; then interactive_stream_error session_timeout and the connection closes (default: ${DEFAULT-VALUE}).")
    Duration streamLimit;

    @Option(names = "--connection-limit", defaultValue = ServerConfig.DEFAULT_CONNECTION_LIMIT, paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Longest connection (default: ${DEFAULT-VALUE}).")
    Duration connectionLimit;

    @Option(names = "--session-token-ttl", defaultValue = ServerConfig.DEFAULT_SESSION_TOKEN_TTL, paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Lifetime of a session token (its expires_in); whole seconds (default: ${DEFAULT-VALUE}).")
    Duration sessionTokenTtl;

    @Option(names = "--simulation-queue-limit", defaultValue = "" + ServerConfig.DEFAULT_SIMULATION_QUEUE_LIMIT, paramLabel = "N",
            description = "Unfinished Simulate API jobs per API key (default: ${DEFAULT-VALUE}).")
    int simulationQueueLimit;

    @Option(names = "--api-key", paramLabel = "KEY",
            description = "Accept only this API key (repeatable). Without it any key of the form ody_ plus 8 or more characters is accepted.")
    List<String> apiKeys = new ArrayList<>();

    @Option(names = "--streamers", paramLabel = "N",
            description = "Streamers in the pool, shared by all keys; when all are taken POST /sessions/request answers 503 "
                    + "(default: unlimited).")
    Integer streamers;

    @Option(names = "--verbose",
            description = "Also log the HTTP framework's INFO lines (Javalin, Jetty) and the server's own DEBUG lines, with thread and logger names.")
    boolean verbose;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        int exit = commandLine().execute(args);
        if (exit != 0) {
            System.exit(exit);
        }
        // exit 0 only after --help / --version; a running server keeps the JVM alive through call().
    }

    static CommandLine commandLine() {
        CommandLine cmd = new CommandLine(new Main());
        CommandLine.IParameterExceptionHandler picocli = cmd.getParameterExceptionHandler();
        cmd.setParameterExceptionHandler((e, args) -> e instanceof CommandLine.UnmatchedArgumentException unmatched
                ? unknownFlags(unmatched, args, picocli)
                : picocli.handleParseException(e, args));
        return cmd;
    }

    /**
     * Unknown flags, one line each, named without any value (a mistyped {@code --api-key=KEY} never echoes the key),
     * each followed by the flag meant when one is close: {@code Did you mean: --heartbeat-timeout?}. Without any such
     * suggestion the usage follows, as for every other bad flag. picocli's own message would name the value after a
     * mistyped flag as one more unknown option ({@code '--heartbeat-timout', '5s'}) and suggest only the flags with the
     * same first two letters ({@code --heartbeat-timeout, --help}). Arguments that are not flags at all are picocli's.
     */
    private static int unknownFlags(CommandLine.UnmatchedArgumentException e, String[] args,
            CommandLine.IParameterExceptionHandler picocli) throws Exception {
        List<String> flags = e.getUnmatched().stream()
                .filter(a -> a.length() > 1 && a.startsWith("-"))
                .map(a -> a.indexOf('=') < 0 ? a : a.substring(0, a.indexOf('=')))
                .toList();
        if (flags.isEmpty()) {
            return picocli.handleParseException(e, args);
        }
        CommandLine cmd = e.getCommandLine();
        List<String> known = cmd.getCommandSpec().options().stream()
                .flatMap(o -> Arrays.stream(o.names()))
                .filter(n -> n.startsWith("--"))
                .toList();
        PrintWriter err = cmd.getErr();
        boolean suggested = false;
        for (String flag : flags) {
            err.println(cmd.getColorScheme().errorText("Unknown option: '" + flag + "'"));
            String meant = DidYouMean.closest(flag, known);
            if (meant != null) {
                err.println("Did you mean: " + meant + "?");
                suggested = true;
            }
        }
        if (!suggested) {
            cmd.usage(err, cmd.getColorScheme());
        }
        err.flush();
        return cmd.getExitCodeExceptionMapper() != null
                ? cmd.getExitCodeExceptionMapper().getExitCode(e)
                : cmd.getCommandSpec().exitCodeOnInvalidInput();
    }

    /** The configuration the flags describe; a value the server cannot take is a usage error (exit code 2). */
    ServerConfig toConfig() {
        try {
            return new ServerConfig(host, port, concurrencyLimit, heartbeatTimeout, connectTimeout, idleTimeout,
                    streamLimit, connectionLimit, sessionTokenTtl, simulationQueueLimit, apiKeys,
                    streamers == null ? ServerConfig.UNLIMITED_STREAMERS : streamers);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }

    @Override
    public Integer call() throws InterruptedException {
        configureLogging(verbose);
        ServerConfig config = toConfig();
        LocalOdysseyServer server;
        try {
            server = LocalOdysseyServer.start(config);
        } catch (RuntimeException e) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("odyssey-local-server: cannot start on " + config.host() + ":" + config.port() + ": " + e.getMessage());
            err.flush();
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "odyssey-local-server-shutdown"));
        System.out.println(firstLines(server.baseUrl(), config));
        System.out.flush();
        stopped.await();
        return 0;
    }

    /** What a terminal shows first: where it listens (the line scripts read), the dashboard, how to point a client at it. */
    static String firstLines(String baseUrl, ServerConfig config) {
        StringBuilder limits = new StringBuilder("limit ").append(config.concurrencyLimit())
                .append(config.concurrencyLimit() == 1 ? " session" : " sessions").append(" per key");
        if (config.streamers() != ServerConfig.UNLIMITED_STREAMERS) {
            limits.append(", ").append(config.streamers()).append(config.streamers() == 1 ? " streamer" : " streamers");
        }
        if (!config.apiKeys().isEmpty()) {
            limits.append(", only the --api-key keys");
        }
        return String.join(System.lineSeparator(),
                "odyssey-local-server: listening on " + baseUrl + " (" + limits + ")",
                "  dashboard: " + baseUrl + "/",
                "  point a client at it: ODYSSEY_API_URL=" + baseUrl);
    }

    /**
     * The runnable jar's logging (slf4j-simple, to stderr), set before the first logger exists, which is when
     * slf4j-simple reads it: the framework's start-up INFO lines (about ten of them, and as many at shutdown) only with
     * {@code --verbose}, its warnings and errors always; the server's own session lines at INFO, with the time and the
     * class's short name ({@code --verbose}: the thread and the logger's full name too). A
     * {@code -Dorg.slf4j.simpleLogger.*} the user gives wins, and a {@code defaultLogLevel} of theirs applies to every
     * logger. Only the command line does this: a test or application that embeds the server keeps its own logging.
     */
    static void configureLogging(boolean verbose) {
        String p = "org.slf4j.simpleLogger.";
        setIfAbsent(p + "showDateTime", "true");
        setIfAbsent(p + "dateTimeFormat", "HH:mm:ss.SSS");
        setIfAbsent(p + "showThreadName", String.valueOf(verbose));
        setIfAbsent(p + "showShortLogName", String.valueOf(!verbose));
        if (System.getProperty(p + "defaultLogLevel") != null) {
            return;
        }
        String framework = verbose ? "info" : "warn";
        setIfAbsent(p + "log.io.javalin", framework);
        setIfAbsent(p + "log.org.eclipse.jetty", framework);
        // Its INFO line repeats the first stdout line, with the whole configuration: for --verbose only.
        setIfAbsent(p + "log." + LocalOdysseyServer.class.getName(), verbose ? "info" : "warn");
        if (verbose) {
            setIfAbsent(p + "log.io.odysseyguard", "debug");
        }
    }

    private static void setIfAbsent(String property, String value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, value);
        }
    }

    /** Turns 500ms / 3s / 15m / 1h into a {@link Duration}; anything else is a usage error. */
    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            try {
                return Durations.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Main.class.getPackage().getImplementationVersion();
            return new String[] {"odyssey-local-server " + (version == null ? "(development build)" : version)};
        }
    }
}
