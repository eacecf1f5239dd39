package io.odysseyguard.quarkus.test.app;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * A bean the instrumentation test edits: a change to a method body only, which dev mode can redefine in place when
 * instrumentation-based reload is on (changes to {@code @Startup} beans such as {@link VideoService} always restart).
 */
@ApplicationScoped
public class Greeting {
    public String text() {
        return "hello-0";
    }
}
