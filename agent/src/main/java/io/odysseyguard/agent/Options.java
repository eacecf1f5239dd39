package io.odysseyguard.agent;

import io.odysseyguard.agent.hooks.TargetSpec;
import io.odysseyguard.didyoumean.DidYouMean;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * The agent's options, from (highest precedence first) the agent arguments {@code key=value,key=value}, the system
 * properties {@code -Dodyssey.guard.<key>=...} and the environment {@code ODYSSEY_GUARD_<KEY>=...}
 * ({@code release-timeout} becomes {@code ODYSSEY_GUARD_RELEASE_TIMEOUT}); the defaults come from {@link Option}.
 *
 * <p>Parsing never fails: an unknown key or a bad value yields a warning naming it, and that option keeps its default.
 * It touches nothing of the bootstrap part, so it runs before that is injected, and the integrations use it (from the
 * agent jar on their class path) to read the same options by the same rules.
 */
public final class Options {
    private static final long MAX_DURATION_MS = 10 * 60 * 1000L;

    private boolean enabled;
    private List<TargetSpec> targets;
    private long releaseTimeoutMillis;
    private long exitBudgetMillis;
    private int stackDepth;
    private List<String> skipFrames;
    private boolean watchdog;
    private String stateDir;
    private boolean quiet;
    private boolean debug;
    private boolean help;
    private boolean valueMissing;
    private final Map<Option, Given> given = new LinkedHashMap<>(); // not EnumMap: its iterators are more classes to load at start-up
    private final List<String> warnings = new ArrayList<>();

    /** A value as given, and where: {@code agent option 'quiet'}, {@code -Dodyssey.guard.quiet}. */
    private record Given(String value, String where) {
    }

    private Options() {
        for (Option o : Option.values()) {
            apply(o, o.defaultValue(), "the default");
        }
    }

    /** The options of this JVM: {@code agentArgs} (may be null), its system properties and its environment. */
    public static Options ofThisJvm(String agentArgs) {
        return parse(agentArgs, System.getProperties(), System.getenv());
    }

    public static Options parse(String agentArgs, Properties systemProperties, Map<String, String> environment) {
        Options o = new Options();
        // lowest precedence first; later sources overwrite
        for (Map.Entry<String, String> e : environment.entrySet()) {
            String name = e.getKey();
            if (name.startsWith(Option.ENV_PREFIX) && !name.equals(Option.LAUNCHER_JAR_VARIABLE)
                    && !name.equals(Option.LAUNCHER_JAVA_OPTS_VARIABLE)) {
                Option option = Option.ofEnvironmentName(name);
                if (option == null) {
                    Option close = closest(name.substring(Option.ENV_PREFIX.length()));
                    o.warnings.add("unknown environment variable " + name + " (ignored)"
                            + (close == null ? "" : "; did you mean " + close.environmentName() + "?"));
                } else {
                    o.given.put(option, new Given(e.getValue(), "environment variable " + name));
                }
            }
        }
        for (String name : systemProperties.stringPropertyNames()) {
            if (name.startsWith(Option.PROPERTY_PREFIX) && !name.startsWith(Option.OTHER_PARTS_PROPERTY_PREFIX)) {
                Option option = Option.ofKey(name.substring(Option.PROPERTY_PREFIX.length()));
                if (option == null) {
                    Option close = closest(name.substring(Option.PROPERTY_PREFIX.length()));
                    o.warnings.add("unknown system property -D" + name + " (ignored)"
                            + (close == null ? "" : "; did you mean -D" + close.propertyName() + "?"));
                } else {
                    o.given.put(option, new Given(systemProperties.getProperty(name), "-D" + name));
                }
            }
        }
        if (agentArgs != null && !agentArgs.isBlank()) {
            for (String part : agentArgs.split(",")) {
                o.agentArgument(part.trim());
            }
        }
        for (Map.Entry<Option, Given> e : o.given.entrySet()) {
            o.apply(e.getKey(), e.getValue().value(), e.getValue().where());
        }
        return o;
    }

    private void agentArgument(String token) {
        if (token.isEmpty()) {
            return;
        }
        int eq = token.indexOf('=');
        String key = (eq < 0 ? token : token.substring(0, eq)).trim();
        String value = eq < 0 ? null : token.substring(eq + 1).trim();
        Option option = Option.ofKey(key);
        if (option == null) {
            Option close = closest(key);
            warnings.add("unknown agent option '" + key + "' (ignored); "
                    + (close == null ? "" : "did you mean '" + close.key() + "'? ") + "'help' lists the options");
        } else if (value == null && option != Option.HELP) {
            valueMissing = true;
            warnings.add("agent option '" + key + "' needs a value (" + key + "=...); using the default "
                    + option.defaultValue());
        } else {
            given.put(option, new Given(value == null ? "true" : value, "agent option '" + key + "'"));
        }
    }

    /** The option whose key is close to the unknown {@code key} ({@link DidYouMean}), or null. */
    private static Option closest(String key) {
        Option[] options = Option.values();
        String[] keys = new String[options.length];
        for (int i = 0; i < options.length; i++) {
            keys[i] = options[i].key();
        }
        String closest = DidYouMean.closest(key, keys);
        return closest == null ? null : Option.ofKey(closest);
    }

    public boolean enabled() {
        return enabled;
    }

    /** The guarded classes: always the Odyssey client, then those of {@code targets=}. */
    public List<TargetSpec> targets() {
        return targets;
    }

    public long releaseTimeoutMillis() {
        return releaseTimeoutMillis;
    }

    public long exitBudgetMillis() {
        return exitBudgetMillis;
    }

    public int stackDepth() {
        return stackDepth;
    }

    /** The {@code skip-frames} entries: class-name prefixes, {@code frameworks}, {@code none}. */
    public List<String> skipFrames() {
        return skipFrames;
    }

    public boolean quiet() {
        return quiet;
    }

    public boolean watchdog() {
        return watchdog;
    }

    /** The {@code state-dir} option; empty for the platform's state directory. */
    public String stateDir() {
        return stateDir;
    }

    public boolean debug() {
        return debug;
    }

    public boolean help() {
        return help;
    }

    /** True when an agent argument that needs a value came without one ({@code targets} for {@code targets=...}). */
    boolean agentArgumentWithoutValue() {
        return valueMissing;
    }

    /** True when the option was given (by any source), not only defaulted. */
    public boolean isGiven(Option option) {
        return given.containsKey(option);
    }

    /** One line per bad or unknown part, each naming it. */
    public List<String> warnings() {
        return Collections.unmodifiableList(warnings);
    }

    // An if chain, not a switch: a switch on an enum costs a synthetic class (and its error class) at start-up.
    private void apply(Option option, String value, String where) {
        String v = value.trim();
        if (option == Option.ENABLED) {
            enabled = bool(option, v, where, enabled);
        } else if (option == Option.QUIET) {
            quiet = bool(option, v, where, quiet);
        } else if (option == Option.DEBUG) {
            debug = bool(option, v, where, debug);
        } else if (option == Option.HELP) {
            help = bool(option, v, where, help);
        } else if (option == Option.RELEASE_TIMEOUT) {
            releaseTimeoutMillis = duration(option, v, where, releaseTimeoutMillis);
        } else if (option == Option.EXIT_BUDGET) {
            exitBudgetMillis = duration(option, v, where, exitBudgetMillis);
        } else if (option == Option.STACK_DEPTH) {
            stackDepth = stackDepth(option, v, where);
        } else if (option == Option.SKIP_FRAMES) {
            skipFrames = skipFrames(option, v, where);
        } else if (option == Option.WATCHDOG) {
            watchdog = bool(option, v, where, watchdog);
        } else if (option == Option.STATE_DIR) {
            stateDir = v;
        } else {
            targets = TargetSpec.parseAll(v, where, warnings);
        }
    }

    private boolean bool(Option option, String v, String where, boolean current) {
        if (v.equalsIgnoreCase("true")) {
            return true;
        }
        if (v.equalsIgnoreCase("false")) {
            return false;
        }
        bad(option, where, v, "true or false");
        return current;
    }

    private long duration(Option option, String v, String where, long current) {
        // No regular expressions on the start-up path: java.util.regex costs milliseconds to warm up.
        int digits = 0;
        while (digits < v.length() && v.charAt(digits) >= '0' && v.charAt(digits) <= '9') {
            digits++;
        }
        String unit = v.substring(digits);
        if (digits > 0 && digits <= 9 && (unit.equals("ms") || unit.equals("s") || unit.equals("m"))) {
            long n = Long.parseLong(v.substring(0, digits));
            long ms = switch (unit) {
                case "ms" -> n;
                case "s" -> n * 1000;
                default -> n * 60_000;
            };
            if (ms > 0 && ms <= MAX_DURATION_MS) {
                return ms;
            }
        }
        bad(option, where, v, "a duration from 1ms to 10m such as 500ms or 2s");
        return current;
    }

    private int stackDepth(Option option, String v, String where) {
        try {
            int d = Integer.parseInt(v);
            if (d >= 0 && d <= 32) {
                return d;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        bad(option, where, v, "a whole number from 0 to 32");
        return stackDepth;
    }

    /** {@code a.b.;c.} into its entries, each a class-name prefix (letters, digits, '_', '$', '.') or a word. */
    private List<String> skipFrames(Option option, String v, String where) {
        List<String> entries = new ArrayList<>();
        for (String part : v.split(";")) {
            String entry = part.trim();
            boolean ok = !entry.isEmpty();
            for (int i = 0; ok && i < entry.length(); i++) {
                char c = entry.charAt(i);
                ok = Character.isJavaIdentifierPart(c) || c == '.';
            }
            if (!ok) {
                bad(option, where, v, "class-name prefixes separated by ';', 'frameworks' or 'none'");
                return skipFrames;
            }
            entries.add(entry);
        }
        return List.copyOf(entries);
    }

    private void bad(Option option, String where, String value, String expected) {
        warnings.add("bad value '" + value + "' for " + where + " (expected " + expected + "); using the default "
                + option.defaultValue());
    }

    /** The {@code help} text: every option with its default. */
    static List<String> helpLines() {
        List<String> lines = new ArrayList<>();
        lines.add("options: -javaagent:odyssey-guard-agent.jar=key=value,key=value"
                + " | -Dodyssey.guard.<key>=value | ODYSSEY_GUARD_<KEY>=value (in that order of precedence)");
        for (Option o : Option.values()) {
            lines.add(String.format(Locale.ROOT, "  %-16s default %-6s %s", o.key(),
                    o.defaultValue().isEmpty() ? "(none)" : o.defaultValue(), o.description()));
        }
        return lines;
    }
}
