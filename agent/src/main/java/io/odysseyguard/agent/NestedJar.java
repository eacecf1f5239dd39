package io.odysseyguard.agent;

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
 * A jar the agent jar carries inside, loaded only when needed: the {@code odyssey-guard} command with its picocli and
 * jackson-core (on {@code java -jar}). Kept out of the agent jar's own entries, because every guarded JVM opens that jar
 * at start-up: an agent jar of about a hundred entries instead of thousands opens measurably faster.
 * The nested jar is copied to a fresh temporary file (random name, owner-only, deleted at exit) and loaded by a class
 * loader of its own whose parent is the agent's loader. Run from a class directory (an IDE, the unit tests), its
 * classes are on the class path already and the agent's loader is returned.
 */
public final class NestedJar {
    private NestedJar() {
    }

    /**
     * The loader of the jar at {@code resource} inside the agent jar {@code anchor} came from.
     *
     * @param name the class loader's name, as stack traces and heap dumps show it
     */
    public static ClassLoader load(Class<?> anchor, String resource, String name) throws Exception {
        ClassLoader agentLoader = anchor.getClassLoader();
        File location = new File(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
        if (!location.isFile()) {
            return agentLoader;
        }
        try (JarFile jar = new JarFile(location, false)) {
            ZipEntry entry = jar.getEntry(resource);
            if (entry == null) {
                return agentLoader;
            }
            Path copy = Files.createTempFile(name + "-", ".jar");
            copy.toFile().deleteOnExit();
            try (InputStream in = jar.getInputStream(entry); OutputStream out = Files.newOutputStream(copy)) {
                in.transferTo(out);
            }
            return newLoader(name, copy.toUri().toURL(), agentLoader);
        }
    }

    /**
     * Created in a privileged block: a {@code URLClassLoader} keeps the access-control context of its creation, whose
     * protection domains (each holding its class loader) would otherwise be those of the application code on the stack
     * when the first target class was loaded: a DevTools restart generation or a webapp's loader, pinned for as long as
     * the JVM runs.
     */
    @SuppressWarnings("removal")
    private static ClassLoader newLoader(String name, URL jar, ClassLoader parent) {
        return AccessController.doPrivileged(new PrivilegedAction<ClassLoader>() {
            @Override
            public ClassLoader run() {
                return new URLClassLoader(name, new URL[] {jar}, parent);
            }
        });
    }
}
