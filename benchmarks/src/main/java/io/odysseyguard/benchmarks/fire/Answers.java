package io.odysseyguard.benchmarks.fire;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Judges the server's answer to each bad input and keeps the tally of what it answered, per category: "400", "close
 * 1003", ... A bad input must get a 4xx (one of the expected statuses, when the protocol says which) with an error body
 * free of secrets, or a WebSocket close with a reason; anything else is a {@link FailureKind}.
 */
public final class Answers {

    private final Failures failures;
    private final SecretWatch secrets;
    private final Map<String, Map<String, AtomicLong>> tally = new ConcurrentHashMap<>();

    public Answers(Failures failures, SecretWatch secrets) {
        this.failures = failures;
        this.secrets = secrets;
    }

    /** An HTTP answer to a bad input; {@code expected} empty means any 4xx will do. Returns whether it was right. */
    public boolean judgeHttp(String category, String what, RawHttp.Answer answer, Set<Integer> expected) {
        switch (answer.outcome()) {
            case NO_ANSWER_IN_TIME -> {
                count(category, "no answer in time");
                failures.record(FailureKind.NO_ANSWER_IN_TIME, category + ": " + what);
                return false;
            }
            case CLOSED_WITHOUT_ANSWER -> {
                count(category, "closed without answer");
                failures.record(FailureKind.DROPPED_WITHOUT_ANSWER, category + ": " + what);
                return false;
            }
            default -> {
            }
        }
        int status = answer.status();
        count(category, String.valueOf(status));
        boolean right = true;
        if (status >= 500 && !expected.contains(status)) {
            failures.record(FailureKind.SERVER_ERROR, category + ": " + what + " -> " + status + " " + clip(answer.body()));
            right = false;
        } else if (status < 400 || (!expected.isEmpty() && !expected.contains(status))) {
            // (a 5xx listed as expected lands here only if it is not the one that came)
            failures.record(FailureKind.BAD_INPUT_ACCEPTED, category + ": " + what + " -> " + status
                    + (expected.isEmpty() ? "" : " (expected " + expected + ")") + " " + clip(answer.body()));
            right = false;
        }
        if (secrets.leaksIn(answer.body())) {
            failures.record(FailureKind.SECRET_IN_ERROR_BODY, category + ": " + what + " -> " + clip(answer.body()));
            right = false;
        }
        return right;
    }

    /** How the server ended a socket that got a bad frame or token: a close frame with an expected code and a reason. */
    public boolean judgeClose(String category, String what, RawWebSocket.Ending ending, Set<Integer> expectedCodes) {
        for (String text : ending.texts()) {
            if (secrets.leaksIn(text)) {
                failures.record(FailureKind.SECRET_IN_ERROR_BODY, category + ": " + what + " -> " + clip(text));
            }
        }
        switch (ending.kind()) {
            case NO_CLOSE_IN_TIME -> {
                count(category, "no close in time");
                failures.record(FailureKind.NO_ANSWER_IN_TIME, category + ": " + what);
                return false;
            }
            case DROPPED -> {
                count(category, "dropped without close");
                failures.record(FailureKind.DROPPED_WITHOUT_ANSWER, category + ": " + what);
                return false;
            }
            default -> {
            }
        }
        count(category, "close " + ending.code());
        if (!expectedCodes.contains(ending.code()) || ending.reason().isBlank()) {
            failures.record(FailureKind.CLOSED_WITHOUT_REASON, category + ": " + what + " -> close " + ending.code()
                    + " '" + clip(ending.reason()) + "' (expected " + expectedCodes + " with a reason)");
            return false;
        }
        if (secrets.leaksIn(ending.reason())) {
            failures.record(FailureKind.SECRET_IN_ERROR_BODY, category + ": " + what + " -> close reason");
            return false;
        }
        return true;
    }

    /** A stream request out of order: answered by {@code interactive_stream_error} with a reason, socket kept. */
    public boolean judgeStreamError(String category, String what, String text) {
        if (text == null) {
            count(category, "no stream error in time");
            failures.record(FailureKind.NO_ANSWER_IN_TIME, category + ": " + what);
            return false;
        }
        boolean right = text.contains("\"interactive_stream_error\"") && text.contains("\"reason\"");
        count(category, right ? "interactive_stream_error" : "other message");
        if (!right) {
            failures.record(FailureKind.BAD_INPUT_ACCEPTED, category + ": " + what + " -> " + clip(text));
        }
        if (secrets.leaksIn(text)) {
            failures.record(FailureKind.SECRET_IN_ERROR_BODY, category + ": " + what + " -> " + clip(text));
            right = false;
        }
        return right;
    }

    /** An input that expects no answer (the harness dropped the connection itself). */
    public void dropped(String category) {
        count(category, "dropped by the harness");
    }

    public void count(String category, String answer) {
        tally.computeIfAbsent(category, c -> new ConcurrentHashMap<>())
                .computeIfAbsent(answer, a -> new AtomicLong()).incrementAndGet();
    }

    /** Category to (answer to count), sorted, for the report. */
    public Map<String, Map<String, Long>> tally() {
        Map<String, Map<String, Long>> sorted = new TreeMap<>();
        tally.forEach((category, answers) -> {
            Map<String, Long> counts = new TreeMap<>();
            answers.forEach((answer, n) -> counts.put(answer, n.get()));
            sorted.put(category, counts);
        });
        return sorted;
    }

    public long inputs() {
        return tally.values().stream().flatMap(m -> m.values().stream()).mapToLong(AtomicLong::get).sum();
    }

    private String clip(String text) {
        String redacted = secrets.redact(text == null ? "" : text).replace('\n', ' ');
        return redacted.length() > 160 ? redacted.substring(0, 160) + "..." : redacted;
    }
}
