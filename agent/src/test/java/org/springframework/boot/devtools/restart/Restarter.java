package org.springframework.boot.devtools.restart;

/**
 * Test stand-in with the name and {@code stop()} of Spring Boot DevTools' {@code Restarter}, for the agent's
 * mechanism test only ({@code FrameworkHooksIT}); the real DevTools is exercised by {@code odyssey-guard-spring}'s
 * integration test. {@code stop()} prints {@code stop} and throws when asked to.
 */
public class Restarter {
    private final boolean fail;

    public Restarter(boolean fail) {
        this.fail = fail;
    }

    protected void stop() throws Exception {
        System.out.println("stop");
        if (fail) {
            throw new IllegalStateException("stop failed");
        }
    }

    /** As the real one: stop the old generation, then start the new one. */
    public void restart() {
        try {
            stop();
        } catch (Exception e) {
            System.out.println("stop threw " + e.getClass().getSimpleName());
        }
    }
}
