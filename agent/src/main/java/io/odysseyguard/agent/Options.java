package io.odysseyguard.agent;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * The agent's options, from (highest precedence first) the agent arguments {@code key=value,key=value}, the
 * system properties {@code -Dodyssey.guard.<key>=...} and the environment {@code ODYSSEY_GUARD_<KEY>=...}
 * ({@code release-timeout} becomes {@code ODYSSEY_GUARD_RELEASE_TIMEOUT}).
 *
 * <p>Parsing never fails: an unknown key or a bad value yields a warning naming it, and that option keeps its
 * default. This class touches nothing of the bootstrap part, so it can run before the bootstrap is injected.
 */
final class Options {
    static final String PROPERTY_PREFIX = "odyssey.guard.";
    static final String ENV_PREFIX = "ODYSSEY_GUARD_";

    /** Every option, with its default and meaning; also the {@code help} text. */
    enum Key {
        ENABLED("enabled", "true", "false turns the agent off completely"),
        TARGETS("targets", "",
                "more classes to guard besides io.odysseyguard.client.OdysseyClient#connect/disconnect|close, "
                        + "as Class#open/close;Other#start|begin/stop ('|' separates alternative methods)"),
        RELEASE_TIMEOUT("release-timeout", "2s", "how long one connection's close may take (e.g. 500ms, 2s)"),
        EXIT_BUDGET("exit-budget", "5s", "how long releasing may hold up JVM exit in total"),
        STACK_DEPTH("stack-depth", "3", "creation-site frames recorded per connection (0-32)"),
        QUIET("quiet", "false", "true suppresses the release reports (warnings are still printed)"),
        DEBUG("debug", "false", "true prints what is instrumented, tracked and untracked"),
        HELP("help", "false", "prints this list at start-up (the application still runs)");

        final String key;
        final String defaultValue;
        final String description;

        Key(String key, String defaultValue, String description) {
            this.key = key;
            this.defaultValue = defaultValue;
            this.description = description;
        }

        String envName() {
            return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('-', '_');
        }

        static Key of(String key) {
            for (Key k : values()) {
                if (k.key.equals(key)) {
                    return k;
                }
            }
            return null;
        }
    }

    private static final long MAX_DURATION_MS = 10 * 60 * 1000L;

    boolean enabled = true;
    List<TargetSpec> targets = List.of(TargetSpec.ODYSSEY_CLIENT);
    long releaseTimeoutMillis = 2000;
    long exitBudgetMillis = 5000;
    int stackDepth = 3;
    boolean quiet;
    boolean debug;
    boolean help;
    final List<String> warnings = new ArrayList<>();

    static Options parse(String agentArgs, Properties systemProperties, Map<String, String> environment) {
        Options o = new Options();
        Map<Key, String[]> values = new LinkedHashMap<>(); // key -> {value, where}
        // lowest precedence first; later sources overwrite
        for (Map.Entry<String, String> e : environment.entrySet()) {
            String name = e.getKey();
            if (!name.startsWith(ENV_PREFIX)) {
                continue;
            }
            Key k = null;
            for (Key candidate : Key.values()) {
                if (candidate.envName().equals(name)) {
                    k = candidate;
                }
            }
            if (k == null) {
                o.warnings.add("unknown environment variable " + name + " (ignored)");
            } else {
                values.put(k, new String[] {e.getValue(), "environment variable " + name});
            }
        }
        for (String name : systemProperties.stringPropertyNames()) {
            if (!name.startsWith(PROPERTY_PREFIX)) {
                continue;
            }
            String key = name.substring(PROPERTY_PREFIX.length());
            Key k = Key.of(key);
            if (k == null) {
                o.warnings.add("unknown system property -D" + name + " (ignored)");
            } else {
                values.put(k, new String[] {systemProperties.getProperty(name), "-D" + name});
            }
        }
        if (agentArgs != null && !agentArgs.isBlank()) {
            for (String part : agentArgs.split(",")) {
                String token = part.trim();
                if (token.isEmpty()) {
                    continue;
                }
                int eq = token.indexOf('=');
                String key = (eq < 0 ? token : token.substring(0, eq)).trim();
                String value = eq < 0 ? null : token.substring(eq + 1).trim();
                Key k = Key.of(key);
                if (k == null) {
                    o.warnings.add("unknown agent option '" + key + "' (ignored); 'help' lists the options");
                } else if (value == null && k != Key.HELP) {
                    o.warnings.add("agent option '" + key + "' needs a value (" + key + "=...); using the default "
                            + k.defaultValue);
                } else {
                    values.put(k, new String[] {value == null ? "true" : value, "agent option '" + key + "'"});
                }
            }
        }
        for (Map.Entry<Key, String[]> e : values.entrySet()) {
            o.apply(e.getKey(), e.getValue()[0], e.getValue()[1]);
        }
        return o;
    }

    private void apply(Key k, String value, String where) {
        String v = value.trim();
        switch (k) {
            case ENABLED -> enabled = bool(v, where, true);
            case QUIET -> quiet = bool(v, where, false);
            case DEBUG -> debug = bool(v, where, false);
            case HELP -> help = bool(v, where, false);
            case RELEASE_TIMEOUT -> releaseTimeoutMillis = duration(v, where, 2000);
            case EXIT_BUDGET -> exitBudgetMillis = duration(v, where, 5000);
            case STACK_DEPTH -> {
                try {
                    int d = Integer.parseInt(v);
                    if (d < 0 || d > 32) {
                        throw new NumberFormatException();
                    }
                    stackDepth = d;
                } catch (NumberFormatException e) {
                    bad(where, v, "a whole number from 0 to 32", "3");
                }
            }
            case TARGETS -> targets = targets(v, where);
        }
    }

    private boolean bool(String v, String where, boolean dflt) {
        if (v.equalsIgnoreCase("true")) {
            return true;
        }
        if (v.equalsIgnoreCase("false")) {
            return false;
        }
        bad(where, v, "true or false", String.valueOf(dflt));
        return dflt;
    }

    private long duration(String v, String where, long dfltMillis) {
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
        bad(where, v, "a duration from 1ms to 10m such as 500ms or 2s", dfltMillis + "ms");
        return dfltMillis;
    }

    /** {@code Class#open|open2/close|close2;Other#a/b}; bad entries are dropped with a warning each. */
    private List<TargetSpec> targets(String v, String where) {
        Map<String, TargetSpec> merged = new LinkedHashMap<>();
        merged.put(TargetSpec.ODYSSEY_CLIENT.className(), TargetSpec.ODYSSEY_CLIENT);
        for (String raw : v.split(";")) {
            String entry = raw.trim();
            if (entry.isEmpty()) {
                continue;
            }
            TargetSpec spec = target(entry);
            if (spec == null) {
                warnings.add("bad target '" + entry + "' in " + where
                        + " (expected com.acme.Conn#open/close, methods separated by '|'); it is skipped");
                continue;
            }
            TargetSpec old = merged.get(spec.className());
            if (old != null) {
                spec = new TargetSpec(spec.className(), union(old.openMethods(), spec.openMethods()),
                        union(old.closeMethods(), spec.closeMethods()));
            }
            merged.put(spec.className(), spec);
        }
        return List.copyOf(merged.values());
    }

    private static TargetSpec target(String entry) {
        int hash = entry.indexOf('#');
        int slash = entry.indexOf('/', hash + 1);
        if (hash <= 0 || slash < 0) {
            return null;
        }
        String cls = entry.substring(0, hash).trim();
        List<String> open = methods(entry.substring(hash + 1, slash));
        List<String> close = methods(entry.substring(slash + 1));
        if (!isClassName(cls) || open == null || close == null) {
            return null;
        }
        return new TargetSpec(cls, open, close);
    }

    private static List<String> methods(String text) {
        List<String> out = new ArrayList<>();
        for (String m : text.split("\\|", -1)) {
            String name = m.trim();
            if (!isIdentifier(name)) {
                return null;
            }
            out.add(name);
        }
        return out.isEmpty() ? null : out;
    }

    private static boolean isClassName(String name) {
        for (String part : name.split("\\.", -1)) {
            if (!isIdentifier(part)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isIdentifier(String name) {
        if (name.isEmpty() || !Character.isJavaIdentifierStart(name.charAt(0))) {
            return false;
        }
        for (int i = 1; i < name.length(); i++) {
            if (!Character.isJavaIdentifierPart(name.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static List<String> union(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        for (String s : b) {
            if (!out.contains(s)) {
                out.add(s);
            }
        }
        return Collections.unmodifiableList(out);
    }

    private void bad(String where, String value, String expected, String dflt) {
        warnings.add("bad value '" + value + "' for " + where + " (expected " + expected + "); using the default "
                + dflt);
    }

    /** The {@code help} text: every option with its default. */
    static List<String> helpLines() {
        List<String> lines = new ArrayList<>();
        lines.add("options: -javaagent:odyssey-guard-agent.jar=key=value,key=value"
                + " | -Dodyssey.guard.<key>=value | ODYSSEY_GUARD_<KEY>=value (in that order of precedence)");
        for (Key k : Key.values()) {
            lines.add(String.format(Locale.ROOT, "  %-16s default %-6s %s", k.key,
                    k.defaultValue.isEmpty() ? "(none)" : k.defaultValue, k.description));
        }
        return lines;
    }
}
