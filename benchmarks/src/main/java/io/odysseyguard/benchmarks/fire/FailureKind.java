package io.odysseyguard.benchmarks.fire;

/** Every way the server can fail the fire run; each one's goal is 0. */
public enum FailureKind {
    SERVER_ERROR("a 5xx answer"),
    NO_ANSWER_IN_TIME("no answer (status line or close frame) within the bound"),
    BAD_INPUT_ACCEPTED("a bad input answered with something other than a 4xx or a close"),
    CLOSED_WITHOUT_REASON("a bad frame answered by a close without a code in the expected set or without a reason"),
    DROPPED_WITHOUT_ANSWER("the connection ended without any answer to a bad input"),
    SERVER_DOWN("a known-good request failed after a batch"),
    COUNT_MISMATCH("GET /usage concurrent_sessions differed from opens minus closes"),
    LIMIT_NOT_HONOURED("more (or fewer) sessions than the limit got in while all clients raced for them"),
    SLOT_LEAKED("a session still counted, or a fresh connect refused, after everything was closed"),
    SESSION_NOT_RELEASED("a session the harness closed could not be closed (the closer gave up)"),
    CLIENT_ERROR("a well-formed client operation failed (connect, stream, disconnect)"),
    SECRET_IN_LOG("an API key or token in a server log line"),
    SECRET_IN_ERROR_BODY("an API key or token in an error body");

    private final String meaning;

    FailureKind(String meaning) {
        this.meaning = meaning;
    }

    public String meaning() {
        return meaning;
    }
}
