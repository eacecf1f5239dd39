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

/** The bootstrap part is whatever the agent carries under io/odysseyguard/guard/: found, never listed by hand. */
class BootstrapInjectorTest {
    private static final Path CLASSES = Path.of("target", "classes");

    @Test
    void fromAClassesDirectoryEveryClassUnderTheGuardPackageNestedOnesIncluded() throws IOException {
        Map<String, byte[]> found = BootstrapInjector.bootstrapClasses(CLASSES);
        assertThat(found.keySet()).containsExactlyInAnyOrderElementsOf(guardClassFiles())
                .contains("io.odysseyguard.guard.OdysseyGuard", "io.odysseyguard.guard.tracked.Tracker",
                        "io.odysseyguard.guard.tracked.TrackedConnection$Claimed",
                        "io.odysseyguard.guard.released.Releaser$Outcome$Status")
                .allMatch(name -> name.startsWith(BootstrapInjector.GUARD_PACKAGE));
        assertThat(found.get("io.odysseyguard.guard.tracked.Tracker"))
                .isEqualTo(Files.readAllBytes(CLASSES.resolve("io/odysseyguard/guard/tracked/Tracker.class")));
    }

    @Test
    void fromAJarTheSameClassesAndNothingElse(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        Path jar = dir.resolve("agent.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
             Stream<Path> files = Files.walk(CLASSES)) {
            for (Path p : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                out.putNextEntry(new JarEntry(CLASSES.relativize(p).toString().replace('\\', '/')));
                out.write(Files.readAllBytes(p));
                out.closeEntry();
            }
        }
        assertThat(BootstrapInjector.bootstrapClasses(jar).keySet()).containsExactlyInAnyOrderElementsOf(guardClassFiles());
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
