package io.odysseyguard.benchmarks.torture.child;

import java.net.URL;
import java.net.URLClassLoader;

/**
 * A plain generation's class loader: a {@code URLClassLoader} over the directory of generation classes that defines
 * them itself (child first) and leaves everything else (the client, the child's own classes) to its parent, as an
 * application server's webapp loader or a plugin loader does. Its {@code close()} is {@code URLClassLoader}'s own.
 */
final class GenerationLoader extends URLClassLoader {
    static final String GENERATION_PACKAGE = "io.odysseyguard.benchmarks.torture.gen.";

    GenerationLoader(String name, URL generationClasses, ClassLoader parent) {
        super(name, new URL[] {generationClasses}, parent);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (!name.startsWith(GENERATION_PACKAGE)) {
            return super.loadClass(name, resolve);
        }
        synchronized (getClassLoadingLock(name)) {
            Class<?> c = findLoadedClass(name);
            if (c == null) {
                c = findClass(name);
            }
            if (resolve) {
                resolveClass(c);
            }
            return c;
        }
    }
}
