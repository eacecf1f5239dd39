package io.odysseyguard.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** What the launcher's waits see of a real child's output. */
class ChildJvmTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @Test
    void aLineIsSeenOnlyOnceItsNewlineIsWritten() throws Exception {
        try (ChildJvm child = ChildJvm.builder().classPath(ClassPath.ofThisJvm())
                .main(HalfLinePrinter.class.getName(), "1000").start()) {
            assertThat(child.awaitLine(Pattern.compile("listening on port (\\d+)"), PATIENCE).group(1)).isEqualTo("12345");
            assertThat(child.awaitExit(PATIENCE)).isZero();
        }
    }

    @Test
    void aLastLineWithoutNewlineIsSeenOnceTheChildHasExited() throws Exception {
        try (ChildJvm child = ChildJvm.builder().classPath(ClassPath.ofThisJvm())
                .main(HalfLinePrinter.class.getName(), "0", "unfinished").start()) {
            assertThat(child.awaitLine("unfinished", PATIENCE)).isEqualTo("listening on port 12345unfinished");
            assertThat(child.awaitExit(PATIENCE)).isZero();
        }
    }

    /** Writes {@code listening on port 12}, waits {@code args[0]} ms, then {@code 345} and a newline, or {@code args[1]} and none. */
    public static final class HalfLinePrinter {
        public static void main(String[] args) throws InterruptedException {
            System.out.print("listening on port 12");
            System.out.flush();
            Thread.sleep(Long.parseLong(args[0]));
            System.out.print(args.length > 1 ? "345" + args[1] : "345\n");
            System.out.flush();
        }
    }
}
