package io.odysseyguard.agent;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.instrument.Instrumentation;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;

/**
 * Puts the bootstrap part (every class under {@code io.odysseyguard.guard}: the tracker the advice calls, the
 * triggers, the releaser, the report, and the public {@code OdysseyGuard} front) into the bootstrap class loader, so
 * that every class loader, and {@code java.net.URLClassLoader} itself, resolves the same classes and thus one registry.
 *
 * <p>One copy by construction: in the agent jar the bootstrap part is class data under {@value #CLASS_DATA_PREFIX}
 * ({@code .classdata}, put there by the build), a name no class loader looks for, so only this class defines it. The
 * public front ({@code OdysseyGuard}, {@code OpenConnection}) is also in the jar as plain classes, for frameworks to
 * compile against; it holds no state and reaches the bootstrap part by name, so a copy of it in any loader is harmless.
 * Run from a classes directory (an IDE) the classes are read from {@code io/odysseyguard/guard/} instead.
 *
 * <p>The classes are defined directly in the bootstrap loader by {@link BootstrapDefiner}
 * ({@code ClassLoader.defineClass1} with a null loader). It runs in a throwaway class loader whose unnamed module alone
 * gets {@code java.lang} opened ({@link IsolatedClass}). That avoids what
 * {@link Instrumentation#appendToBootstrapClassLoaderSearch} costs on JDK 17 with class-data sharing on: the JVM prints
 * "Sharing is only supported for boot loader classes because bootstrap classpath has been appended" to standard output
 * and stops sharing the application loaders' classes. Should defining fail, the classes are written to a temporary jar
 * that is appended after all.
 */
final class BootstrapInjector {
    /** The bootstrap part's entry class: present in the bootstrap loader once the agent is installed. */
    static final String TRACKER = SelfAttach.TRACKER;
    /** Where the agent jar holds the bootstrap part's class files, each named {@code <binary name>.classdata}. */
    static final String CLASS_DATA_PREFIX = "inst/";
    private static final String CLASS_DATA_SUFFIX = ".classdata";
    private static final String GUARD_ENTRY_PREFIX = "io/odysseyguard/guard/";
    private static final String DEFINER = "io.odysseyguard.agent.BootstrapDefiner";

    private BootstrapInjector() {
    }

    /** Returns true when the bootstrap part is in place (injected now, or by an earlier agent start). */
    static boolean inject(Instrumentation inst, boolean debug) throws Exception {
        if (bootstrapTracker() != null) {
            return true; // a second -javaagent or a later attach: already there
        }
        Path location = IsolatedClass.agentLocation();
        Map<String, byte[]> classes = bootstrapClasses(location);
        Throwable defineFailure = null;
        try {
            define(inst, location, classes);
        } catch (Throwable t) {
            defineFailure = t;
        }
        if (bootstrapTracker() == null) {
            if (debug) {
                AgentLog.info("debug: defining the bootstrap classes failed (" + defineFailure
                        + "); appending them to the bootstrap class path instead");
            }
            append(inst, classes);
        }
        if (bootstrapTracker() == null) {
            AgentLog.warn("could not add the guard's classes to the bootstrap class loader; nothing is guarded");
            return false;
        }
        return true;
    }

    /**
     * The bootstrap part's class files (binary name to bytes): every {@value #CLASS_DATA_PREFIX} entry of the agent jar,
     * or every class under {@code io/odysseyguard/guard/} of the classes directory the agent runs from (an IDE).
     */
    static Map<String, byte[]> bootstrapClasses(Path location) throws IOException {
        Map<String, byte[]> classes = new LinkedHashMap<>();
        if (Files.isDirectory(location)) {
            try (var files = Files.walk(location.resolve(GUARD_ENTRY_PREFIX))) {
                for (Path p : (Iterable<Path>) files::iterator) { // an IDE run only: not the start-up path of the jar
                    String entry = location.relativize(p).toString().replace(File.separatorChar, '/');
                    if (entry.endsWith(".class")) {
                        classes.put(binaryName(entry), Files.readAllBytes(p));
                    }
                }
            }
            return classes;
        }
        try (JarFile jar = new JarFile(location.toFile(), false)) {
            for (Enumeration<JarEntry> entries = jar.entries(); entries.hasMoreElements(); ) {
                JarEntry entry = entries.nextElement();
                String name = entry.getName();
                if (name.startsWith(CLASS_DATA_PREFIX) && name.endsWith(CLASS_DATA_SUFFIX)) {
                    try (InputStream in = jar.getInputStream(entry)) {
                        String binaryName = name.substring(CLASS_DATA_PREFIX.length(),
                                name.length() - CLASS_DATA_SUFFIX.length()).replace('/', '.');
                        classes.put(binaryName, in.readAllBytes());
                    }
                }
            }
        }
        if (classes.isEmpty()) {
            throw new IOException(location + " holds no " + CLASS_DATA_PREFIX + " class data");
        }
        return classes;
    }

    private static String binaryName(String entry) {
        return entry.substring(0, entry.length() - ".class".length()).replace('/', '.');
    }

    private static void define(Instrumentation inst, Path location, Map<String, byte[]> classes) throws Throwable {
        Class<?> definer = IsolatedClass.load(inst, location, DEFINER, Set.of("java.lang"), true);
        MethodHandle define = MethodHandles.publicLookup().findStatic(definer, "define",
                MethodType.methodType(void.class, Map.class));
        define.invokeExact(classes);
    }

    private static void append(Instrumentation inst, Map<String, byte[]> classes) throws IOException {
        Path file = Files.createTempFile("odyssey-guard-bootstrap-", ".jar");
        file.toFile().deleteOnExit();
        try (OutputStream out = Files.newOutputStream(file); JarOutputStream jar = new JarOutputStream(out)) {
            for (Map.Entry<String, byte[]> c : classes.entrySet()) {
                jar.putNextEntry(new JarEntry(c.getKey().replace('.', '/') + ".class"));
                jar.write(c.getValue());
                jar.closeEntry();
            }
        }
        inst.appendToBootstrapClassLoaderSearch(new JarFile(file.toFile()));
    }

    private static Class<?> bootstrapTracker() {
        try {
            return Class.forName(TRACKER, false, null);
        } catch (ClassNotFoundException e) {
            return null;
        }
    }
}
