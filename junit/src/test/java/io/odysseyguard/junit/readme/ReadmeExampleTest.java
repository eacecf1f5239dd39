package io.odysseyguard.junit.readme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.IOException;
import io.odysseyguard.testsupport.ReadmeExample;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * The example of junit/README.md is {@link VideoServiceTest}, which runs with the other tests: this keeps the two the
 * same text, so the README shows what runs, and runs it once more under the test kit to see it checked and passing.
 */
class ReadmeExampleTest {
    private static final Path README = Path.of("README.md");
    private static final Path EXAMPLE = Path.of("src", "test", "java", "io", "odysseyguard", "junit", "readme",
            "VideoServiceTest.java");

    @Test
    void theReadmeShowsTheTestThatRuns() throws IOException {
        ReadmeExample example = ReadmeExample.in(README);
        assertThat(example.path()).isEqualTo("junit/" + EXAMPLE.toString().replace('\\', '/'));
        assertThat(Files.readString(EXAMPLE)).isEqualTo("package io.odysseyguard.junit.readme;\n\n" + example.code());
    }

    @Test
    void theExamplePassesTheLeakCheck() {
        EngineTestKit.engine("junit-jupiter").selectors(selectClass(VideoServiceTest.class)).execute()
                .allEvents().assertStatistics(s -> s.failed(0).succeeded(3)); // the engine, the class, the test
    }
}
