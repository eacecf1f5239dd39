package io.odysseyguard.agent;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The bootstrap part is whatever the agent carries as class data under inst/ (or, run from a classes directory, under
 * io/odysseyguard/guard/): found, never listed by hand. The agent jar itself is checked in AgentJarLayoutIT.
 */
class BootstrapInjectorTest {
    private static final Path CLASSES = Path.of("target", "classes");

    @Test
    void fromAClassesDirectoryEveryClassUnderTheGuardPackageNestedOnesIncluded() throws IOException {
        Map<String, byte[]> found = BootstrapInjector.bootstrapClasses(CLASSES);
        assertThat(found.keySet()).containsExactlyInAnyOrderElementsOf(guardClassFiles())
                .contains("io.odysseyguard.guard.OdysseyGuard", "io.odysseyguard.guard.tracked.Tracker",
                        "io.odysseyguard.guard.tracked.TrackedConnection$Claimed",
                        "io.odysseyguard.guard.released.Releaser$Outcome$Status")
                .allMatch(name -> name.startsWith("io.odysseyguard.guard."));
        assertThat(found.get("io.odysseyguard.guard.tracked.Tracker"))
                .isEqualTo(Files.readAllBytes(CLASSES.resolve("io/odysseyguard/guard/tracked/Tracker.class")));
    }

    @Test
    void fromAJarTheClassDataOnlyNotTheClassesAClassLoaderCouldFind(@org.junit.jupiter.api.io.TempDir Path dir)
            throws IOException {
        Path jar = dir.resolve("agent.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
             Stream<Path> files = Files.walk(CLASSES)) {
            for (Path p : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                String name = CLASSES.relativize(p).toString().replace('\\', '/');
                if (name.startsWith("io/odysseyguard/guard/") && name.endsWith(".class")) {
                    // as the build lays it out: class data, and the stateless API front also as plain classes
                    put(out, BootstrapInjector.CLASS_DATA_PREFIX + name.replace(".class", ".classdata"), p);
                    if (name.indexOf('/', "io/odysseyguard/guard/".length()) < 0) {
                        put(out, name, p);
                    }
                } else {
                    put(out, name, p);
                }
            }
        }
        Map<String, byte[]> found = BootstrapInjector.bootstrapClasses(jar);
        assertThat(found.keySet()).containsExactlyInAnyOrderElementsOf(guardClassFiles());
        assertThat(found.get("io.odysseyguard.guard.tracked.Tracker"))
                .isEqualTo(Files.readAllBytes(CLASSES.resolve("io/odysseyguard/guard/tracked/Tracker.class")));
    }

    @Test
    void aJarWithoutClassDataIsNoAgentJar(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        Path jar = dir.resolve("plain.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            put(out, "io/odysseyguard/guard/tracked/Tracker.class", CLASSES.resolve("io/odysseyguard/guard/tracked/Tracker.class"));
        }
        assertThatThrownBy(() -> BootstrapInjector.bootstrapClasses(jar)).isInstanceOf(IOException.class)
                .hasMessageContaining("no inst/ class data");
    }

    private static void put(JarOutputStream out, String name, Path file) throws IOException {
        out.putNextEntry(new JarEntry(name));
        out.write(Files.readAllBytes(file));
        out.closeEntry();
    }

    /** The class files javac wrote for the guard package and its subpackages. */
    private static java.util.List<String> guardClassFiles() throws IOException {
        try (Stream<Path> files = Files.walk(CLASSES.resolve("io/odysseyguard/guard"))) {
            return files.map(p -> CLASSES.relativize(p).toString().replace('\\', '/'))
                    .filter(n -> n.endsWith(".class"))
                    .map(n -> n.substring(0, n.length() - ".class".length()).replace('/', '.'))
                    .collect(Collectors.toList());
        }
    }
}
