package io.odysseyguard.benchmarks.fire;

/**
 * One bad input, already drawn from the run's random stream: a category for the tally, a description for a failure
 * report (never a secret), and what to do to send it and judge the answer.
 */
public record BadInput(String category, String description, Action action) {

    /** Sends the input and judges the answer through the context's {@link Answers}; cleans up any session it used. */
    @FunctionalInterface
    public interface Action {
        void fire(FireContext context, String description) throws Exception;
    }

    public void fire(FireContext context) {
        try {
            action.fire(context, description);
        } catch (Exception e) {
            // The harness's own fixture calls (a session, a token) failed: the server did not serve a good request.
            context.failures.record(FailureKind.CLIENT_ERROR, category + ": " + description + ": "
                    + context.secrets.redact(String.valueOf(e.getMessage())));
        }
    }
}
