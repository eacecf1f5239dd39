package io.odysseyguard.testsupport;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

/**
 * A child JVM's class path: usually this JVM's (the test class path), with some entries left out or added.
 *
 * @param entries jars and class directories, in order
 */
public record ClassPath(List<String> entries) {
    public ClassPath {
        entries = List.copyOf(entries);
    }

    /** This JVM's class path ({@code java.class.path}). */
    public static ClassPath ofThisJvm() {
        return of(System.getProperty("java.class.path").split(File.pathSeparator));
    }

    public static ClassPath of(String... entries) {
        return new ClassPath(Arrays.stream(entries).filter(e -> !e.isEmpty()).toList());
    }

    /** Without the entries {@code unwanted} accepts (given as absolute, normalized paths). */
    public ClassPath without(Predicate<Path> unwanted) {
        return new ClassPath(entries.stream().filter(e -> !unwanted.test(Path.of(e).toAbsolutePath().normalize())).toList());
    }

    /** The entries {@code wanted} accepts (given as absolute, normalized paths). */
    public ClassPath only(Predicate<Path> wanted) {
        return without(wanted.negate());
    }

    /** With {@code more} first. */
    public ClassPath prepend(String... more) {
        List<String> all = new ArrayList<>(Arrays.asList(more));
        all.addAll(entries);
        return new ClassPath(all);
    }

    /** With {@code more} last. */
    public ClassPath append(String... more) {
        List<String> all = new ArrayList<>(entries);
        all.addAll(Arrays.asList(more));
        return new ClassPath(all);
    }

    /** The first entry whose file name starts with {@code prefix} and ends with {@code .jar}. */
    public Path jarNamed(String prefix) {
        return entries.stream().map(Path::of)
                .filter(p -> p.getFileName().toString().startsWith(prefix) && p.getFileName().toString().endsWith(".jar"))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no " + prefix + "*.jar on the class path " + this));
    }

    /** The entries joined with the platform's separator, as {@code -cp} takes them. */
    @Override
    public String toString() {
        return String.join(File.pathSeparator, entries);
    }
}
