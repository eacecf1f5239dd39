package io.odysseyguard.guard.tracked;

import java.lang.StackWalker.StackFrame;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * How the guard reads where a connection was opened, from the stack of the thread opening it:
 * <ul>
 *   <li>the <b>opener</b>: the first frame outside the JDK, the guard and the connection's own class hierarchy; its
 *   class's loader is the owner generation;</li>
 *   <li>the <b>creation site</b> a report names: the opener's frame (the line that opened the connection), then its
 *   callers of the application's own code, {@code depth} frames in all. Frames of the classes the rules skip (by
 *   default the JDK and reflection, and the frameworks' internals: Spring, Quarkus, Arc and SmallRye, Jakarta,
 *   Tomcat, Jetty, Vert.x, Netty, JUnit, and generated code: proxies, Arc's bean classes) are left out, so
 *   {@code opened at} names the user's lines, not the event dispatcher between them. A frame of a class the
 *   opener's own loader defined, when that loader is a generation of its own (DevTools' restart loader, Quarkus'
 *   runtime loader, a webapp's), is the application's whatever its package (Spring PetClinic's
 *   {@code org.springframework.samples.petclinic}); generated code is left out even there.</li>
 * </ul>
 * A {@code StackWalker} with class references retained reads at most {@value #MAX_SCANNED_FRAMES} frames.
 */
final class CreationSite {
    static final int MAX_SCANNED_FRAMES = 128;
    /** The {@code skip-frames} word for {@link #FRAMEWORKS}. */
    static final String FRAMEWORKS_WORD = "frameworks";
    /** The {@code skip-frames} word for skipping nothing. */
    static final String NONE_WORD = "none";
    /** What the default skips: class-name prefixes. */
    static final List<String> FRAMEWORKS = List.of("java.", "javax.", "jdk.", "sun.", "com.sun.",
            "org.springframework.", "io.quarkus.", "io.smallrye.", "org.jboss.", "jakarta.", "org.apache.catalina.",
            "org.apache.tomcat.", "org.apache.coyote.", "org.eclipse.jetty.", "io.vertx.", "io.netty.", "org.junit.");
    /** In a class name: a generated proxy (Spring's CGLIB {@code $$SpringCGLIB$$}, ByteBuddy's {@code $$}). */
    private static final String PROXY_MARK = "$$";

    private static volatile StackWalker walker;

    private final int depth;
    private final String[] skipped;
    /** Whether generated code is skipped: a proxy class, or a frame without a source file (Arc's {@code X_Bean}). */
    private final boolean skipGenerated;

    /**
     * @param depth the site's frames (0: none)
     * @param rules the {@code skip-frames} entries: class-name prefixes, {@value #FRAMEWORKS_WORD} for the built-in
     *              list (and generated code), {@value #NONE_WORD} for nothing
     */
    CreationSite(int depth, List<String> rules) {
        List<String> prefixes = new ArrayList<>();
        boolean generated = false;
        for (String rule : rules) {
            if (rule.equals(FRAMEWORKS_WORD)) {
                prefixes.addAll(FRAMEWORKS);
                generated = true;
            } else if (!rule.equals(NONE_WORD) && !rule.isEmpty()) {
                prefixes.add(rule);
            }
        }
        this.depth = depth;
        this.skipped = prefixes.toArray(new String[0]);
        this.skipGenerated = generated;
    }

    /** What the stack says: the opener's loader (when {@code found}) and the site, innermost frame first. */
    record Read(ClassLoader openerLoader, boolean found, List<String> site) {
    }

    /** Reads the calling thread's stack for a connection of class {@code type}. */
    Read read(Class<?> type) {
        return walker().walk(frames -> read(frames.iterator(), type));
    }

    private Read read(Iterator<StackFrame> frames, Class<?> type) {
        ClassLoader platform = ClassLoader.getPlatformClassLoader();
        String nestedPrefix = type.getName() + "$";
        ClassLoader loader = null;
        boolean found = false;
        // the opener's loader, when it is a generation of its own: its classes are the application's
        ClassLoader generation = null;
        List<String> site = new ArrayList<>(depth);
        for (int scanned = 0; frames.hasNext() && scanned < MAX_SCANNED_FRAMES; scanned++) {
            StackFrame f = frames.next();
            Class<?> c = f.getDeclaringClass();
            if (!found) {
                ClassLoader l = c.getClassLoader();
                if (l == null || l == platform || c == CreationSite.class || c.isAssignableFrom(type)
                        || c.getName().startsWith(nestedPrefix)) {
                    continue; // the JDK, the guard (bootstrap; this class named for tests), the connection's own code
                }
                loader = l;
                found = true;
                generation = l == ClassLoader.getSystemClassLoader() ? null : l;
                if (depth > 0) {
                    site.add(render(f)); // the line that opened it, whoever's it is
                }
            } else if (!isSkipped(c.getName(), f.getFileName()) || generation != null && c.getClassLoader() == generation
                    && !isGenerated(c.getName(), f.getFileName())) {
                site.add(render(f));
            }
            if (found && site.size() >= depth) {
                break;
            }
        }
        return new Read(loader, found, List.copyOf(site));
    }

    /** Whether a frame of {@code className} (its source file {@code fileName}, null when unknown) is left out of a site. */
    boolean isSkipped(String className, String fileName) {
        for (String prefix : skipped) {
            if (className.startsWith(prefix)) {
                return true;
            }
        }
        return isGenerated(className, fileName);
    }

    /** Generated code, when the rules skip it: a proxy class, or a frame without a source file. */
    private boolean isGenerated(String className, String fileName) {
        return skipGenerated && (fileName == null || className.contains(PROXY_MARK));
    }

    private static StackWalker walker() {
        StackWalker w = walker;
        if (w == null) {
            w = StackWalker.getInstance(Set.of(StackWalker.Option.RETAIN_CLASS_REFERENCE), 16);
            walker = w;
        }
        return w;
    }

    private static String render(StackFrame f) {
        String file = f.getFileName();
        int line = f.getLineNumber();
        String where = file == null ? "Unknown Source" : (line >= 0 ? file + ":" + line : file);
        return f.getClassName() + "." + f.getMethodName() + "(" + where + ")";
    }
}
