package io.odysseyguard.didyoumean;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The one rule, tried on both lists it serves: the agent's option keys and the local server's flags. */
class DidYouMeanTest {
    private static final String[] AGENT_KEYS = {"enabled", "targets", "release-timeout", "exit-budget", "stack-depth",
            "watchdog", "state-dir", "quiet", "debug", "help"};
    private static final List<String> SERVER_FLAGS = List.of("--host", "--port", "--concurrency-limit",
            "--heartbeat-timeout", "--connect-timeout", "--idle-timeout", "--stream-limit", "--connection-limit",
            "--session-token-ttl", "--simulation-queue-limit", "--api-key", "--streamers", "--verbose", "--help",
            "--version");

    private static String key(String given) {
        return DidYouMean.closest(given, AGENT_KEYS);
    }

    private static String flag(String given) {
        return DidYouMean.closest(given, SERVER_FLAGS);
    }

    @Test
    void oneOrTwoEditsAway() {
        assertThat(key("relase-timeout")).isEqualTo("release-timeout"); // a letter left out
        assertThat(key("release-timout")).isEqualTo("release-timeout");
        assertThat(key("realese-timeout")).isEqualTo("release-timeout"); // two neighbours swapped, and one more
        assertThat(key("exit-budgte")).isEqualTo("exit-budget");
        assertThat(key("quite")).isEqualTo("quiet");
        assertThat(key("target")).isEqualTo("targets");
        assertThat(key("watchdogs")).isEqualTo("watchdog");
        assertThat(key("hepl")).isEqualTo("help");
        assertThat(flag("--heartbeat-timout")).isEqualTo("--heartbeat-timeout");
        assertThat(flag("--concurency-limit")).isEqualTo("--concurrency-limit");
        assertThat(flag("--api-kye")).isEqualTo("--api-key");
    }

    @Test
    void aSwapOfTwoNeighboursIsOneEditOnBothSides() {
        assertThat(key("qiuet")).isEqualTo("quiet");
        assertThat(flag("--prot")).isEqualTo("--port"); // four letters: one edit allowed, and a swap is one
        assertThat(flag("--hots")).isEqualTo("--host");
        assertThat(DidYouMean.distance("quiet", "quiet")).isZero();
        assertThat(DidYouMean.distance("qiuet", "quiet")).isEqualTo(1);
        assertThat(DidYouMean.distance("quit", "quiet")).isEqualTo(1);
        assertThat(DidYouMean.distance("", "help")).isEqualTo(4);
    }

    @Test
    void caseUnderscoresAndLeadingDashesDoNotCount() {
        assertThat(key("Release_Timeout")).isEqualTo("release-timeout");
        assertThat(key("STATE_DIR")).isEqualTo("state-dir");
        assertThat(key("--quiet")).isEqualTo("quiet");
        assertThat(flag("-port")).isEqualTo("--port");
        assertThat(flag("--Port")).isEqualTo("--port");
        assertThat(flag("--api_key")).isEqualTo("--api-key");
    }

    @Test
    void theStartOfExactlyOneName() {
        assertThat(key("release")).isEqualTo("release-timeout");
        assertThat(key("stack")).isEqualTo("stack-depth");
        assertThat(key("exit")).isEqualTo("exit-budget");
        assertThat(flag("--heartbeat")).isEqualTo("--heartbeat-timeout");
        assertThat(flag("--simulation")).isEqualTo("--simulation-queue-limit");
    }

    @Test
    void nothingClose() {
        assertThat(key("bogus")).isNull();
        assertThat(key("timeout")).isNull();
        assertThat(key("hello")).isNull(); // two edits from help: too many for four letters
        assertThat(key("e")).isNull(); // the start of enabled and exit-budget, and too short anyway
        assertThat(key("")).isNull();
        assertThat(key("junit.mode")).isNull();
        assertThat(flag("--bogus")).isNull();
        assertThat(flag("--")).isNull();
        assertThat(flag("--con")).isNull(); // the start of three flags
    }
}
