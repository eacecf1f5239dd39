package io.odysseyguard.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The 429 bodies of the protocol notes, including the legacy {@code code} field, as typed exceptions. */
class UsageErrorsTest {

    private final Secrets secrets = new Secrets();

    private OdysseyUsageException parse(String json) {
        return UsageErrors.from(Json.parse(json), secrets);
    }

    @Test
    void concurrentLimitWithErrorOrLegacyCode() {
        for (String field : new String[] {"error", "code"}) {
            OdysseyUsageException e = parse("{\"detail\":{\"" + field + "\":\"CONCURRENT_LIMIT_REACHED\",\"message\":\"too many\","
                    + "\"action\":\"close one\",\"action_url\":\"https://x\",\"details\":{\"active_count\":5,\"limit\":5}}}");
            assertThat(e).isInstanceOfSatisfying(ConcurrentLimitReachedException.class, c -> {
                assertThat(c.activeCount()).isEqualTo(5);
                assertThat(c.limit()).isEqualTo(5);
                assertThat(c.action()).isEqualTo("close one");
                assertThat(c.actionUrl()).isEqualTo("https://x");
            });
        }
    }

    @Test
    void everyOtherCodeHasItsType() {
        assertThat(parse("{\"detail\":{\"error\":\"MONTHLY_LIMIT_REACHED\",\"details\":{\"used_hours\":10.5,\"limit_hours\":10,\"reset_date\":\"2026-12-01\"}}}"))
                .isInstanceOfSatisfying(MonthlyLimitReachedException.class, e -> {
                    assertThat(e.usedHours()).isEqualTo(10.5);
                    assertThat(e.limitHours()).isEqualTo(10.0);
                    assertThat(e.resetDate()).isEqualTo("2026-12-01");
                });
        assertThat(parse("{\"detail\":{\"error\":\"STREAM_DURATION_EXCEEDED\",\"details\":{\"max_duration_seconds\":150}}}"))
                .isInstanceOfSatisfying(StreamDurationExceededException.class, e -> assertThat(e.maxDurationSeconds()).isEqualTo(150));
        assertThat(parse("{\"detail\":{\"code\":\"ACCOUNT_SUSPENDED\",\"details\":{\"reason\":\"billing\"}}}"))
                .isInstanceOfSatisfying(AccountSuspendedException.class, e -> assertThat(e.reason()).isEqualTo("billing"));
        assertThat(parse("{\"detail\":{\"error\":\"RATE_LIMITED\",\"details\":{\"retry_after_seconds\":2.5}}}"))
                .isInstanceOfSatisfying(RateLimitedException.class, e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofMillis(2500)));
        assertThat(parse("{\"detail\":{\"error\":\"SIMULATION_QUEUE_FULL\",\"message\":\"full\"}}"))
                .isExactlyInstanceOf(OdysseyUsageException.class)
                .satisfies(e -> assertThat(e.code()).isEqualTo("SIMULATION_QUEUE_FULL"));
        assertThat(parse("not json").code()).isEqualTo("UNKNOWN");
    }

    @Test
    void missingDetailsDoNotBreakTheAccessors() {
        ConcurrentLimitReachedException e = (ConcurrentLimitReachedException) parse("{\"detail\":{\"error\":\"CONCURRENT_LIMIT_REACHED\"}}");
        assertThat(e.activeCount()).isEqualTo(-1);
        assertThat(e.details()).isEmpty();
        assertThat(new RateLimitedException("m", null, null, null).retryAfter()).isEqualTo(Duration.ZERO);
        MonthlyLimitReachedException monthly = (MonthlyLimitReachedException) parse(
                "{\"detail\":{\"error\":\"MONTHLY_LIMIT_REACHED\",\"details\":{\"used_hours\":null,\"reset_date\":null}}}");
        assertThat(monthly.usedHours()).isNaN();
        assertThat(monthly.resetDate()).isNull();
    }

    @Test
    void serverTextsAreRedacted() {
        secrets.add("ody_secret_key_123456");
        OdysseyUsageException e = parse("{\"detail\":{\"error\":\"ACCOUNT_SUSPENDED\",\"message\":\"key ody_secret_key_123456 is suspended\"}}");
        assertThat(e.getMessage()).doesNotContain("ody_secret_key_123456").contains(Secrets.MASK);
    }
}
