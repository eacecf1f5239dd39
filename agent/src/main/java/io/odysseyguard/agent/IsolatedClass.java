package io.odysseyguard.agent;

import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarFile;

/**
 * One helper class of the agent's, defined in a throwaway class loader of its own (parent: bootstrap) so that a JDK
 * package can be opened or exported to that loader's unnamed module alone ({@link Instrumentation#redefineModule}).
 * Opening it to the agent's own module would open it to the whole class path, the application included. Such a helper
 * sees JDK types only; it is dropped once used.
 */
final class IsolatedClass {
    private IsolatedClass() {
    }

    /**
     * Defines the class {@code name} from the agent jar (or classes directory) at {@code location} in a loader of its
     * own, and gives its module {@code packages} of {@code java.base}: opened ({@code deep}: private access) or
     * exported.
     */
    static Class<?> load(Instrumentation inst, Path location, String name, Set<String> packages, boolean deep)
            throws IOException {
        byte[] bytes = readEntry(location, name.replace('.', '/') + ".class");
        Class<?> helper = new OneClassLoader().define(name, bytes);
        Module base = Object.class.getModule();
        Map<String, Set<Module>> access = new HashMap<>();
        for (String p : packages) {
            access.put(p, Set.of(helper.getModule()));
        }
        inst.redefineModule(base, Set.of(), deep ? Map.of() : access, deep ? access : Map.of(), Set.of(), Map.of());
        return helper;
    }

    /** The agent jar (or classes directory, in an IDE) this class was loaded from. */
    static Path agentLocation() throws Exception {
        return Path.of(IsolatedClass.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    private static byte[] readEntry(Path location, String entry) throws IOException {
        if (Files.isDirectory(location)) {
            return Files.readAllBytes(location.resolve(entry));
        }
        try (JarFile jar = new JarFile(location.toFile(), false); InputStream in = jar.getInputStream(jar.getEntry(entry))) {
            return in.readAllBytes();
        }
    }

    /** A loader of one class, with a module of its own. */
    private static final class OneClassLoader extends ClassLoader {
        OneClassLoader() {
            super(null);
        }

        Class<?> define(String name, byte[] bytes) {
            return defineClass(name, bytes, 0, bytes.length);
        }
    }
}
