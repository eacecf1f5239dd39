package io.odysseyguard.agent;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class BootstrapInjectorTest {
    /** The injector's class list must name exactly the classes of the bootstrap package. */
    @Test
    void listsEveryClassOfTheBootstrapPackage() throws IOException {
        Path dir = Path.of("target", "classes", "io", "odysseyguard", "guard");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".class"))
                    .map(n -> n.substring(0, n.length() - ".class".length())).collect(Collectors.toList()))
                    .containsExactlyInAnyOrder(BootstrapInjector.CLASSES);
        }
    }
}
