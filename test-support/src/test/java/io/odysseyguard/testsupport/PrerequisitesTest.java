package io.odysseyguard.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one line a test prints when it skips itself for a missing program, and silence when nothing is missing. */
class PrerequisitesTest {

    private static final Path JAVA = Path.of(System.getProperty("java.home"), "bin", "java");

    @TempDir
    Path tmp;

    @Test
    void nothingMissingPrintsNothing() {
        assertThat(printed(() -> Prerequisites.missingFiles(PrerequisitesTest.class, "install a JDK", JAVA))).isEmpty();
        assertThat(printed(() -> Prerequisites.missingCommands(PrerequisitesTest.class, "install a shell", "sh"))).isEmpty();
    }

    @Test
    void aMissingFileIsNamedWithWhatTheTestNeedsAndHowToGetIt() {
        Path driver = tmp.resolve("chromedriver");
        assertThat(printed(() -> Prerequisites.missingFiles(PrerequisitesTest.class, "apt-get install chromium-driver",
                JAVA, driver))).contains("PrerequisitesTest skipped: no " + driver + "; it needs " + JAVA + " and " + driver
                + " (apt-get install chromium-driver)");
    }

    @Test
    void allMissingAreNamedOnce() {
        assertThat(printed(() -> Prerequisites.missingCommands(PrerequisitesTest.class, "apt-get install nodejs npm",
                "no-such-node-7f3a", "no-such-npm-7f3a")))
                .contains("PrerequisitesTest skipped: no no-such-node-7f3a or no-such-npm-7f3a on the PATH"
                        + " (apt-get install nodejs npm)");
    }

    @Test
    void theLineIsPrintedOncePerJvm() {
        Path browser = tmp.resolve("chromium");
        String line = "PrerequisitesTest skipped: no " + browser + " (a browser)";
        assertThat(printed(() -> Prerequisites.missingFiles(PrerequisitesTest.class, "a browser", browser))).contains(line);
        PrintStream original = System.err;
        ByteArrayOutputStream again = new ByteArrayOutputStream();
        System.setErr(new PrintStream(again, true, StandardCharsets.UTF_8));
        try {
            assertThat(Prerequisites.missingFiles(PrerequisitesTest.class, "a browser", browser)).contains(line);
        } finally {
            System.setErr(original);
        }
        assertThat(again.size()).as("printed again").isZero();
    }

    /** What {@code check} answers, which must be exactly what it printed to stderr (one line, or nothing). */
    private static Optional<String> printed(Supplier<Optional<String>> check) {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        Optional<String> answer;
        try {
            answer = check.get();
        } finally {
            System.setErr(original);
        }
        assertThat(captured.toString(StandardCharsets.UTF_8))
                .isEqualTo(answer.map(line -> line + System.lineSeparator()).orElse(""));
        return answer;
    }
}
