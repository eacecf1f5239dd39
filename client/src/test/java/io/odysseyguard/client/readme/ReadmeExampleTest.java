package io.odysseyguard.client.readme;

import static org.assertj.core.api.Assertions.assertThat;

import io.odysseyguard.testsupport.ReadmeExample;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The JUnit 5 example of local-server/README.md is {@link VideoServiceTest}, which runs with the other tests: this
 * keeps the two the same text, so the README shows what runs.
 */
class ReadmeExampleTest {
    private static final Path README = Path.of("..", "local-server", "README.md");
    private static final Path EXAMPLE = Path.of("src", "test", "java", "io", "odysseyguard", "client", "readme",
            "VideoServiceTest.java");

    @Test
    void theReadmeShowsTheTestThatRuns() throws IOException {
        ReadmeExample example = ReadmeExample.in(README);
        assertThat(example.path()).isEqualTo("client/" + EXAMPLE.toString().replace('\\', '/'));
        assertThat(Files.readString(EXAMPLE)).isEqualTo("package io.odysseyguard.client.readme;\n\n" + example.code());
    }
}
