package io.odysseyguard.cli;

import io.odysseyguard.agent.Option;
import io.odysseyguard.hardstop.StateDirectory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;

/**
 * {@code odyssey-guard}: the command in the agent jar ({@code java -jar odyssey-guard-agent.jar COMMAND}, or the
 * {@code odyssey-guard} launcher script beside it). Lists the guarded JVMs of this user on this machine and their
 * Odyssey sessions ({@link ListCommand}), has a running one release them ({@link ReleaseCommand}), and closes the ones
 * that JVMs which are gone left behind ({@link ReapCommand}). Nothing of it is loaded by the agent's start-up path.
 */
@Command(name = "odyssey-guard",
        mixinStandardHelpOptions = true,
        versionProvider = OdysseyGuardCommand.Version.class,
        description = {"Lists the JVMs on this machine that hold Odyssey sessions guarded by the Odyssey Guard agent, "
                + "has a running one release them, and closes the ones that JVMs which are gone left behind."},
        subcommands = {ListCommand.class, ReleaseCommand.class, ReapCommand.class, CommandLine.HelpCommand.class},
        synopsisSubcommandLabel = "COMMAND",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:done: listed at least one JVM, released or closed every session asked for",
                "1:nothing to do: no JVM listed, no running JVM with that pid holding guarded sessions, "
                        + "nothing to reap",
                "2:usage error (unknown option or command, bad or missing argument)",
                "3:not everything could be done: a session still held after release, a JVM that did not answer, "
                        + "a session reap could not close (kept for the next reap), or an error"}
)
public final class OdysseyGuardCommand implements Callable<Integer> {

    @CommandLine.Option(names = "--state-dir", paramLabel = "DIR", scope = ScopeType.INHERIT,
            description = "where the guarded JVMs keep their journal files and control sockets (default: "
                    + "-Dodyssey.guard.state-dir, else $ODYSSEY_GUARD_STATE_DIR, as the agent's state-dir option; "
                    + "else $XDG_STATE_HOME/odyssey-guard, else ~/.local/state/odyssey-guard)")
    Path stateDir;

    @Spec
    CommandSpec spec;

    private Properties systemProperties = System.getProperties();
    private Map<String, String> environment = System.getenv();

    public static void main(String[] args) {
        System.exit(execute(args, System.out, System.err, System.getProperties(), System.getenv()));
    }

    /** Runs the command line {@code args}; returns the exit code. */
    static int execute(String[] args, PrintStream out, PrintStream err, Properties systemProperties,
                       Map<String, String> environment) {
        OdysseyGuardCommand top = new OdysseyGuardCommand();
        top.systemProperties = systemProperties;
        top.environment = environment;
        CommandLine cl = new CommandLine(top);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("odyssey-guard: error: " + describe(e));
            commandLine.getErr().flush();
            return ExitCodes.INCOMPLETE;
        });
        return cl.execute(args);
    }

    /** An unexpected failure in one line: the exception's class, and an I/O failure's message (a path). */
    static String describe(Throwable e) {
        Throwable t = e instanceof UncheckedIOException && e.getCause() != null ? e.getCause() : e;
        if (t instanceof IOException && t.getMessage() != null) {
            return t.getClass().getSimpleName() + ": " + t.getMessage();
        }
        return t.getClass().getName();
    }

    /** No command given: the usage, on standard error. */
    @Override
    public Integer call() {
        spec.commandLine().getErr().println("odyssey-guard: a command is needed");
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.USAGE;
    }

    /** The state directory: the option, {@code -Dodyssey.guard.state-dir}, {@code ODYSSEY_GUARD_STATE_DIR}, XDG. */
    Path stateDirectory() {
        if (stateDir != null) {
            return stateDir.toAbsolutePath();
        }
        String configured = systemProperties.getProperty(Option.STATE_DIR.propertyName());
        if (configured == null || configured.isBlank()) {
            configured = environment.get(Option.STATE_DIR.environmentName());
        }
        return StateDirectory.resolve(configured, environment, systemProperties.getProperty("user.home", ""),
                systemProperties.getProperty("os.name", ""));
    }

    /** {@code --version}: the agent jar's {@code Implementation-Version}. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = OdysseyGuardCommand.class.getPackage().getImplementationVersion();
            return new String[] {"odyssey-guard " + (v == null ? "(development build)" : v)};
        }
    }
}
