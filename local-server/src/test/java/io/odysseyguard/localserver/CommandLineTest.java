package io.odysseyguard.localserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Flag parsing in-process; {@code LocalServerJarIT} runs the packaged jar as a real process. */
class CommandLineTest {

    @Test
    void durationsTakeMillisecondsSecondsMinutesAndHours() {
        assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Durations.parse("3s")).isEqualTo(Duration.ofSeconds(3));
        assertThat(Durations.parse("15m")).isEqualTo(Duration.ofMinutes(15));
        assertThat(Durations.parse("1h")).isEqualTo(Duration.ofHours(1));
        for (String bad : new String[] {"", "5", "s", "-3s", "1.5s", "3 days", "0s", "10x"}) {
            assertThatThrownBy(() -> Durations.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void defaultsAreTheDocumentedOnes() {
        Main main = parse();
        assertThat(main.toConfig()).isEqualTo(ServerConfig.defaults());
    }

    @Test
    void everyFlagReachesTheConfiguration() {
        Main main = parse("--host", "0.0.0.0", "--port", "8123", "--concurrency-limit", "2",
                "--heartbeat-timeout", "500ms", "--connect-timeout", "3s", "--idle-timeout", "15m",
                "--stream-limit", "2m", "--connection-limit", "1h", "--session-token-ttl", "30s",
                "--simulation-queue-limit", "4",
                "--api-key", "ody_first_key_1", "--api-key", "ody_second_key_2", "--streamers", "1");
        assertThat(main.toConfig()).isEqualTo(new ServerConfig("0.0.0.0", 8123, 2, Duration.ofMillis(500),
                Duration.ofSeconds(3), Duration.ofMinutes(15), Duration.ofMinutes(2), Duration.ofHours(1),
                Duration.ofSeconds(30), 4,
                List.of("ody_first_key_1", "ody_second_key_2"), 1));
    }

    @Test
    void badFlagsExitWithCode2AndSayWhy() {
        assertUsageError("Unknown option: '--bogus'", "--bogus");
        assertUsageError("is not a duration", "--heartbeat-timeout", "soon");
        assertUsageError("'--port'", "--port", "eighty");
        assertUsageError("concurrency limit must be at least 1", "--concurrency-limit", "0");
        assertUsageError("port must be between", "--port", "70000");
        assertUsageError("session token TTL must be whole seconds", "--session-token-ttl", "500ms");
        assertUsageError("session token TTL must be whole seconds", "--session-token-ttl", "1500ms");
    }

    @Test
    void aMistypedFlagIsNamedWithTheFlagMeant() {
        assertThat(usageError("--heartbeat-timout", "5s").lines()).containsExactly(
                "Unknown option: '--heartbeat-timout'",
                "Did you mean: --heartbeat-timeout?");
        assertThat(usageError("--port", "0", "--concurency-limit=2").lines()).containsExactly(
                "Unknown option: '--concurency-limit'",
                "Did you mean: --concurrency-limit?");
        assertThat(usageError("--prot", "8080")).contains("Did you mean: --port?");        // two letters swapped
        assertThat(usageError("-port", "8080")).contains("Did you mean: --port?");         // one dash
        assertThat(usageError("--heartbeat", "5s")).contains("Did you mean: --heartbeat-timeout?"); // the start of one flag
        assertThat(usageError("--prot", "1", "--hots", "::").lines()).containsExactly(
                "Unknown option: '--prot'", "Did you mean: --port?",
                "Unknown option: '--hots'", "Did you mean: --host?");
    }

    @Test
    void aMistypedFlagNeverEchoesItsValue() {
        assertThat(usageError("--api-kye=ody_secret_value_9").lines())
                .containsExactly("Unknown option: '--api-kye'", "Did you mean: --api-key?");
        assertThat(usageError("--api-kye", "ody_secret_value_9")).doesNotContain("ody_secret_value_9");
    }

    @Test
    void anUnknownFlagWithNothingCloseGetsTheUsageInsteadOfAGuess() {
        String err = usageError("--bogus");
        assertThat(err).startsWith("Unknown option: '--bogus'" + System.lineSeparator() + "Usage: odyssey-local-server")
                .doesNotContain("Did you mean");
        assertThat(usageError("8080")).startsWith("Unmatched argument at index 0: '8080'");
    }

    @Test
    void helpListsEveryFlag() {
        StringWriter out = new StringWriter();
        CommandLine cmd = Main.commandLine();
        cmd.setOut(new PrintWriter(out));
        assertThat(cmd.execute("--help")).isZero();
        assertThat(out.toString()).contains("--host", "--port", "--concurrency-limit", "--heartbeat-timeout",
                "--connect-timeout", "--idle-timeout", "--stream-limit", "--connection-limit",
                "--session-token-ttl", "--simulation-queue-limit", "--api-key", "--streamers", "--verbose", "500ms");
    }

    @Test
    void configNeverPrintsKeys() {
        assertThat(ServerConfig.defaults().with(c -> c.apiKeys = List.of("ody_secret_value_9")).toString()).doesNotContain("ody_secret_value_9");
    }

    private static Main parse(String... args) {
        Main main = new Main();
        CommandLine cmd = new CommandLine(main);
        cmd.parseArgs(args);
        return main;
    }

    private static void assertUsageError(String message, String... args) {
        assertThat(usageError(args)).contains(message);
    }

    /** What {@code args} print to stderr; they must be a usage error (exit code 2). */
    private static String usageError(String... args) {
        StringWriter err = new StringWriter();
        CommandLine cmd = Main.commandLine();
        cmd.setErr(new PrintWriter(err));
        assertThat(cmd.execute(args)).as(String.join(" ", args)).isEqualTo(2);
        return err.toString();
    }
}
