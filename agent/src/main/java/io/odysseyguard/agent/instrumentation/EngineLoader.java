package io.odysseyguard.agent.instrumentation;

import java.io.File;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.AccessController;
import java.security.PrivilegedAction;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

/**
 * Loads the bytecode engine when the first hooked class is seen. The engine (the weaver, the advice and the shaded,
 * relocated ByteBuddy: thousands of classes) is packed as one jar inside the agent jar ({@value #RESOURCE}): an agent
 * jar of a few dozen entries instead of thousands opens measurably faster in every JVM start, also in the many that
 * never see a target. The nested jar is copied to a fresh temporary file (random name, owner-only, deleted at exit)
 * and loaded by a class loader of its own whose parent is the agent's loader. Run from a class directory (an IDE), the
 * engine is on the class path already.
 */
final class EngineLoader {
    static final String RESOURCE = "META-INF/odyssey-guard/odyssey-guard-engine.jar";
    static final String WEAVER = "io.odysseyguard.agent.engine.Weaver";

    private EngineLoader() {
    }

    static ClassWeaver load(boolean debug) throws Exception {
        ClassLoader agentLoader = EngineLoader.class.getClassLoader();
        File location = new File(EngineLoader.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        ClassLoader loader = agentLoader;
        if (location.isFile()) {
            try (JarFile jar = new JarFile(location, false)) {
                ZipEntry entry = jar.getEntry(RESOURCE);
                if (entry != null) {
                    Path copy = Files.createTempFile("odyssey-guard-engine-", ".jar");
                    copy.toFile().deleteOnExit();
                    try (InputStream in = jar.getInputStream(entry); OutputStream out = Files.newOutputStream(copy)) {
                        in.transferTo(out);
                    }
                    loader = newLoader(copy.toUri().toURL(), agentLoader);
                }
            }
        }
        return (ClassWeaver) Class.forName(WEAVER, true, loader).getConstructor(boolean.class).newInstance(debug);
    }

    /**
     * The engine's loader, created in a privileged block: a {@code URLClassLoader} keeps the access-control context
     * of its creation, whose protection domains (each holding its class loader) would otherwise be those of the
     * application code on the stack when the first target class was loaded: a DevTools restart generation or a
     * webapp's loader, pinned for as long as the JVM runs.
     */
    @SuppressWarnings("removal")
    private static ClassLoader newLoader(URL jar, ClassLoader parent) {
        return AccessController.doPrivileged(new PrivilegedAction<ClassLoader>() {
            @Override
            public ClassLoader run() {
                return new URLClassLoader("odyssey-guard-engine", new URL[] {jar}, parent);
            }
        });
    }
}
