package io.odysseyguard.demo;

import io.odysseyguard.demo.DemoRun.Row;
import io.odysseyguard.localserver.LocalOdysseyServer;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo end to end, as {@code ./demo --restarts 6} runs it: the real sample in child JVMs, real DevTools restarts,
 * the real agent, the embedded local server (limit 5). Without the guard the sixth generation (restart 5) gets the
 * 429; with it the server never holds more than one of the app's sessions and every old session is closed.
 */
class DemoIT {

    @Test
    void withoutTheGuardTheLimitIsHitWithItOneSessionIsEverHeld() throws Exception {
        DemoOptions options = new DemoOptions(Path.of(System.getProperty("odyssey.demo.app")), "com.example.odyssey.VideoApplication",
                Path.of(System.getProperty("odyssey.demo.agent")), 6, 5, 0, false, false);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Set<Path> foldersBefore = demoFolders();
        Demo.Results results;
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            results = Demo.run(options, out);
        }
        String output = bytes.toString(StandardCharsets.UTF_8);
        System.out.println(output);

        DemoRun.Result without = results.without();
        assertThat(without.rows()).hasSize(7);
        assertThat(without.rows().subList(0, 5)).as(output).allSatisfy(r -> assertThat(r.generation().connected()).isTrue());
        assertThat(without.first429()).as(output).isEqualTo(5);
        assertThat(without.rows().get(5).held()).isEqualTo(5);
        assertThat(without.maxHeld()).isEqualTo(5);
        assertThat(without.danglingAfterStop()).as("unguarded sessions dangle once the JVM is gone").isEqualTo(5);
        assertThat(without.guardLines()).isEmpty();

        DemoRun.Result with = results.with();
        assertThat(with.rows()).hasSize(7).allSatisfy(r -> assertThat(r.generation().connected()).isTrue());
        assertThat(with.maxHeld()).as(output).isEqualTo(1);
        assertThat(with.limit429s()).isZero();
        assertThat(with.rows().subList(1, 7)).extracting(Row::freedAfter).as(output).doesNotContainNull();
        assertThat(with.heldAfterStop()).isZero();
        assertThat(with.danglingAfterStop()).isZero();
        assertThat(with.guardLines()).filteredOn(l -> l.contains("on DevTools restart")).hasSize(6);

        assertThat(output).contains("Verdict: without the guard the app hit the 429 at restart 5 and 2 of 6 restarts failed;"
                + " with it, never more than 1 session was held, no 429");
        assertThat(output).as("each run names its key as the dashboard does")
                .contains("key " + LocalOdysseyServer.keyFingerprint(Demo.KEY_WITHOUT_GUARD) + " on the dashboard")
                .contains("key " + LocalOdysseyServer.keyFingerprint(Demo.KEY_WITH_GUARD) + " on the dashboard");
        assertThat(output).as("no stack trace in the demo's output").doesNotContainPattern("(?m)^\\s+at \\S+\\(");
        assertThat(output).as("the logs' folder is named only with --verbose").doesNotContain("the app's logs");
        assertThat(demoFolders()).as("the demo's temporary folder is gone").isSubsetOf(foldersBefore);
    }

    /** The demo's temporary folders in the temporary directory now. */
    private static Set<Path> demoFolders() throws IOException {
        try (Stream<Path> all = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return all.filter(p -> p.getFileName().toString().startsWith("odyssey-guard-demo-")).collect(Collectors.toSet());
        }
    }
}
