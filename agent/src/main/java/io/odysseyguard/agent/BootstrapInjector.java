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
import java.security.ProtectionDomain;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.zip.ZipEntry;

/**
 * Puts the bootstrap part ({@code io.odysseyguard.guard}: the tracker the advice calls and the public
 * {@code OdysseyGuard} API) into the bootstrap class loader, so that every class loader, and
 * {@code java.net.URLClassLoader} itself, resolves the same classes and thus one registry.
 *
 * <p>The classes are read from the agent jar and defined directly in the bootstrap loader by
 * {@link BootstrapDefiner} ({@code ClassLoader.defineClass1} with a null loader). It runs in a throwaway class
 * loader whose unnamed module alone gets {@code java.lang} opened through {@link Instrumentation#redefineModule}:
 * opening it to the agent's own module would open it to the whole class path, the application included. That avoids what
 * {@link Instrumentation#appendToBootstrapClassLoaderSearch} costs on JDK 17 with class-data sharing on: the
 * JVM prints "Sharing is only supported for boot loader classes because bootstrap classpath has been
 * appended" to standard output and stops sharing the application loaders' classes. Should defining fail, the
 * classes are written to a temporary jar that is appended after all.
 *
 * <p>The same classes sit at their normal place in the agent jar (so frameworks can compile against
 * {@code OdysseyGuard}); because this runs before anything touches them and class loaders delegate to their
 * parent first, the system class loader never defines a second copy.
 */
final class BootstrapInjector {
    static final String TRACKER = "io.odysseyguard.guard.Tracker";
    static final String GUARD_PACKAGE = "io.odysseyguard.guard.";
    private static final String DEFINER = "io.odysseyguard.agent.BootstrapDefiner";

    /**
     * Every class of {@code io.odysseyguard.guard}, listed so start-up need not scan the agent jar's thousands
     * of entries; {@code BootstrapInjectorTest} fails the build when this list and the package disagree.
     */
    static final String[] CLASSES = {
        "ConnectionRecord", "Loaders", "OdysseyGuard", "OpenConnection", "Releaser", "Releaser$1", "Releaser$Task",
        "Reporter", "Tracker", "Tracker$1", "Tracker$BelongsTo", "Tracker$ExitTrigger",
        "Tracker$OwnedByLoaderClass", "WeakIdentityRegistry",
        "WeakIdentityRegistry$RecordFactory",
    };

    private BootstrapInjector() {
    }

    /** Returns true when the bootstrap part is in place (injected now, or by an earlier agent start). */
    static boolean inject(Instrumentation inst, boolean attached, boolean debug) throws Exception {
        if (bootstrapTracker() != null) {
            return true; // a second -javaagent or a later attach: already there
        }
        if (attached) {
            // Attached to a running JVM: the application may have loaded OdysseyGuard from its class path
            // already (a framework compiled against it); a bootstrap copy would then be a second registry.
            for (Class<?> c : inst.getAllLoadedClasses()) {
                if (c.getName().startsWith(GUARD_PACKAGE) && c.getClassLoader() != null) {
                    AgentLog.warn(c.getName() + " was already loaded from the application's class path before"
                            + " the agent was attached; start the JVM with -javaagent instead. Nothing is guarded.");
                    return false;
                }
            }
        }
        byte[][] classes = readClasses();
        Throwable defineFailure = null;
        try {
            define(inst, classes);
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

    static String entryName(String simpleName) {
        return "io/odysseyguard/guard/" + simpleName + ".class";
    }

    /** The guard's class files, read from the agent jar. */
    private static byte[][] readClasses() throws Exception {
        String[] entries = new String[CLASSES.length];
        for (int i = 0; i < CLASSES.length; i++) {
            entries[i] = entryName(CLASSES[i]);
        }
        return readAgentEntries(entries);
    }

    /** Entries of the agent jar (or, run from an IDE, of the classes directory). */
    private static byte[][] readAgentEntries(String[] entries) throws Exception {
        File location = new File(OdysseyGuardAgent.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        byte[][] bytes = new byte[entries.length][];
        if (location.isDirectory()) {
            for (int i = 0; i < entries.length; i++) {
                bytes[i] = Files.readAllBytes(location.toPath().resolve(entries[i]));
            }
            return bytes;
        }
        try (JarFile jar = new JarFile(location, false)) {
            for (int i = 0; i < entries.length; i++) {
                ZipEntry entry = jar.getEntry(entries[i]);
                if (entry == null) {
                    throw new IOException(location + " lacks " + entries[i]);
                }
                try (InputStream in = jar.getInputStream(entry)) {
                    bytes[i] = in.readAllBytes();
                }
            }
        }
        return bytes;
    }

    private static void define(Instrumentation inst, byte[][] classes) throws Throwable {
        byte[] definerBytes = readAgentEntries(new String[] {DEFINER.replace('.', '/') + ".class"})[0];
        Class<?> definer = new IsolatedLoader().define(DEFINER, definerBytes);
        Module base = Object.class.getModule();
        inst.redefineModule(base, Set.of(), Map.of(), Map.of("java.lang", Set.of(definer.getModule())), Set.of(),
                Map.of());
        String[] names = new String[CLASSES.length];
        for (int i = 0; i < CLASSES.length; i++) {
            names[i] = GUARD_PACKAGE + CLASSES[i];
        }
        MethodHandle define = MethodHandles.publicLookup().findStatic(definer, "define",
                MethodType.methodType(void.class, String[].class, byte[][].class));
        define.invokeExact(names, classes);
    }

    /** A loader of one class, {@link BootstrapDefiner}, with a module of its own; dropped once used. */
    private static final class IsolatedLoader extends ClassLoader {
        IsolatedLoader() {
            super(null);
        }

        Class<?> define(String name, byte[] bytes) {
            return defineClass(name, bytes, 0, bytes.length);
        }
    }

    private static void append(Instrumentation inst, byte[][] classes) throws IOException {
        Path file = Files.createTempFile("odyssey-guard-bootstrap-", ".jar");
        file.toFile().deleteOnExit();
        try (OutputStream out = Files.newOutputStream(file); JarOutputStream jar = new JarOutputStream(out)) {
            for (int i = 0; i < CLASSES.length; i++) {
                jar.putNextEntry(new JarEntry(entryName(CLASSES[i])));
                jar.write(classes[i]);
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
