package io.odysseyguard.agent;

import java.util.Locale;

/**
 * Every option of the agent: its key, its default and what it means. The one place a default is written: the parser
 * starts from it, {@code help} prints it, and the integrations leave an option out to get it.
 */
public enum Option {
    ENABLED("enabled", "true", "false turns the agent off completely"),
    TARGETS("targets", "",
            "more classes to guard besides io.odysseyguard.client.OdysseyClient#connect/disconnect|close, "
                    + "as Class#open/close;Other#start|begin/stop ('|' separates alternative methods)"),
    RELEASE_TIMEOUT("release-timeout", "2s", "how long one connection's close may take (e.g. 500ms, 2s)"),
    EXIT_BUDGET("exit-budget", "5s", "how long releasing may hold up JVM exit in total"),
    STACK_DEPTH("stack-depth", "3", "creation-site frames recorded per connection (0-32)"),
    SKIP_FRAMES("skip-frames", "frameworks", "whose frames a creation site leaves out: class-name prefixes separated by"
            + " ';'; 'frameworks' stands for the JDK, reflection, Spring, Quarkus, Jakarta, Tomcat, Jetty, Vert.x, Netty,"
            + " JUnit and generated code (proxies, classes without a source file); 'none' keeps every frame"
            + " (e.g. frameworks;com.acme.platform.)"),
    WATCHDOG("watchdog", "true", "false: no watchdog process closes the sessions of a JVM that dies hard (the journal "
            + "still does, at the next start or on `odyssey-guard reap`)"),
    STATE_DIR("state-dir", "", "where the journal and control sockets live (default $XDG_STATE_HOME/odyssey-guard or "
            + "~/.local/state/odyssey-guard)"),
    QUIET("quiet", "false", "true suppresses the release reports (warnings are still printed)"),
    DEBUG("debug", "false", "true prints what is instrumented, tracked and untracked"),
    HELP("help", "false", "prints this list at start-up (the application still runs)");

    /** {@code -Dodyssey.guard.<key>=...} */
    public static final String PROPERTY_PREFIX = "odyssey.guard.";
    /** {@code ODYSSEY_GUARD_<KEY>=...}, dashes as underscores. */
    public static final String ENV_PREFIX = "ODYSSEY_GUARD_";
    /** Under our prefix but read by another part of Odyssey Guard (the JUnit leak check): not agent options. */
    static final String OTHER_PARTS_PROPERTY_PREFIX = "odyssey.guard.junit.";
    /** The {@code odyssey-guard} launcher script's: the jar it runs and the JVM options it runs it with. */
    static final String LAUNCHER_JAR_VARIABLE = "ODYSSEY_GUARD_JAR";
    static final String LAUNCHER_JAVA_OPTS_VARIABLE = "ODYSSEY_GUARD_JAVA_OPTS";

    private final String key;
    private final String defaultValue;
    private final String description;

    Option(String key, String defaultValue, String description) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.description = description;
    }

    /** As written in agent arguments: {@code release-timeout}. */
    public String key() {
        return key;
    }

    public String defaultValue() {
        return defaultValue;
    }

    public String description() {
        return description;
    }

    /** {@code odyssey.guard.release-timeout} */
    public String propertyName() {
        return PROPERTY_PREFIX + key;
    }

    /** {@code ODYSSEY_GUARD_RELEASE_TIMEOUT} */
    public String environmentName() {
        return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    /** The option with this key, or null. */
    static Option ofKey(String key) {
        for (Option o : values()) {
            if (o.key.equals(key)) {
                return o;
            }
        }
        return null;
    }

    /** The option with this environment variable name, or null. */
    static Option ofEnvironmentName(String name) {
        for (Option o : values()) {
            if (o.environmentName().equals(name)) {
                return o;
            }
        }
        return null;
    }
}
