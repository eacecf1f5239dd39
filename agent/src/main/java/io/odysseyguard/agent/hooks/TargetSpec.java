package io.odysseyguard.agent.hooks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One guarded class: its name, the methods that open a connection and the no-argument methods that close it (release
 * calls the first that exists; all of them untrack). Written {@code com.acme.Conn#open|start/close|stop}.
 */
public record TargetSpec(String className, List<String> openMethods, List<String> closeMethods) {
    /** Always guarded: the Odyssey client. */
    public static final TargetSpec ODYSSEY_CLIENT = new TargetSpec("io.odysseyguard.client.OdysseyClient",
            List.of("connect"), List.of("disconnect", "close"));

    public TargetSpec {
        openMethods = List.copyOf(openMethods);
        closeMethods = List.copyOf(closeMethods);
    }

    @Override
    public String toString() {
        return className + "#" + String.join("|", openMethods) + "/" + String.join("|", closeMethods);
    }

    /**
     * The Odyssey client plus the targets of a {@code targets=} value ({@code A#open/close;B#start|begin/stop}); the
     * methods of a class named twice are merged. A bad entry is skipped with a warning naming it and {@code where}.
     */
    public static List<TargetSpec> parseAll(String value, String where, List<String> warnings) {
        Map<String, TargetSpec> merged = new LinkedHashMap<>();
        merged.put(ODYSSEY_CLIENT.className(), ODYSSEY_CLIENT);
        for (String raw : value.split(";")) {
            String entry = raw.trim();
            if (entry.isEmpty()) {
                continue;
            }
            TargetSpec spec = parse(entry);
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

    /** {@code com.acme.Conn#open|start/close}, or null when it is not of that form. */
    private static TargetSpec parse(String entry) {
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
}
