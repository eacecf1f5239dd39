package io.quarkus.bootstrap.classloading;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Test stand-in with the name of Quarkus' class loader: a plain {@link ClassLoader} (not a URLClassLoader, as the
 * real one) that defines classes from a directory and has a {@code close()}.
 */
public class QuarkusClassLoader extends ClassLoader implements Closeable {
    private final Path dir;

    public QuarkusClassLoader(String name, Path dir, ClassLoader parent) {
        super(name, parent);
        this.dir = dir;
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        Path file = dir.resolve(name.replace('.', '/') + ".class");
        try (InputStream in = Files.newInputStream(file)) {
            byte[] b = in.readAllBytes();
            return defineClass(name, b, 0, b.length);
        } catch (IOException e) {
            throw new ClassNotFoundException(name, e);
        }
    }

    @Override
    public void close() {
        System.out.println("quarkus loader closed");
    }
}
