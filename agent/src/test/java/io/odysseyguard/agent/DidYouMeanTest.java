package io.odysseyguard.agent;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DidYouMeanTest {
    private static final String[] KEYS = {"enabled", "targets", "release-timeout", "exit-budget", "stack-depth",
            "watchdog", "state-dir", "quiet", "debug", "help"};

    private static String closest(String given) {
        return DidYouMean.closest(given, KEYS);
    }

    @Test
    void oneOrTwoEditsAway() {
        assertThat(closest("relase-timeout")).isEqualTo("release-timeout"); // a letter left out
        assertThat(closest("release-timout")).isEqualTo("release-timeout");
        assertThat(closest("realese-timeout")).isEqualTo("release-timeout"); // two neighbours swapped, and one more
        assertThat(closest("exit-budgte")).isEqualTo("exit-budget");
        assertThat(closest("quite")).isEqualTo("quiet");
        assertThat(closest("target")).isEqualTo("targets");
        assertThat(closest("watchdogs")).isEqualTo("watchdog");
        assertThat(closest("hepl")).isEqualTo("help");
    }

    @Test
    void caseAndUnderscoresDoNotCount() {
        assertThat(closest("Release_Timeout")).isEqualTo("release-timeout");
        assertThat(closest("STATE_DIR")).isEqualTo("state-dir");
    }

    @Test
    void theStartOfExactlyOneName() {
        assertThat(closest("release")).isEqualTo("release-timeout");
        assertThat(closest("stack")).isEqualTo("stack-depth");
        assertThat(closest("exit")).isEqualTo("exit-budget");
    }

    @Test
    void nothingClose() {
        assertThat(closest("bogus")).isNull();
        assertThat(closest("timeout")).isNull();
        assertThat(closest("hello")).isNull(); // two edits from help: too many for four letters
        assertThat(closest("e")).isNull(); // the start of enabled and exit-budget, and too short anyway
        assertThat(closest("")).isNull();
        assertThat(closest("junit.mode")).isNull();
    }

    @Test
    void distanceCountsASwapAsOneEdit() {
        assertThat(DidYouMean.distance("quiet", "quiet")).isZero();
        assertThat(DidYouMean.distance("qiuet", "quiet")).isEqualTo(1);
        assertThat(DidYouMean.distance("quit", "quiet")).isEqualTo(1);
        assertThat(DidYouMean.distance("", "help")).isEqualTo(4);
    }
}
