package io.odysseyguard.spring;

import io.odysseyguard.guard.FrameworkClasses;

/**
 * Whether Spring Boot DevTools will restart this application, decided as DevTools' own
 * {@code RestartApplicationListener} decides it on the same event. DevTools is an optional dependency: nothing
 * here touches its classes before {@link #isPresent()} said it is there. (Their names come from the agent's
 * {@code FrameworkClasses}, beside its public API.)
 */
final class DevToolsRestart {
    static final String RESTART_ENABLED_PROPERTY = "spring.devtools.restart.enabled";

    private DevToolsRestart() {
    }

    static boolean isPresent() {
        try {
            Class.forName(FrameworkClasses.DEVTOOLS_RESTARTER, false, DevToolsRestart.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /**
     * True in a generation DevTools restarted (the context class loader is its {@code RestartClassLoader}), and in
     * the original launch when DevTools will restart it: restart not disabled by
     * {@code spring.devtools.restart.enabled=false}, and, unless that property is {@code true}, DevTools' default
     * rule (the {@code main} thread, the application class loader, no test framework on the stack).
     */
    static boolean isActive(Thread thread) {
        ClassLoader context = thread.getContextClassLoader();
        if (context != null && context.getClass().getName().equals(FrameworkClasses.DEVTOOLS_RESTART_CLASS_LOADER)) {
            return true;
        }
        String enabled = System.getProperty(RESTART_ENABLED_PROPERTY);
        if (enabled != null) {
            return Boolean.parseBoolean(enabled);
        }
        return Rule.initialUrls(thread);
    }

    /** Loaded only when DevTools is present. */
    private static final class Rule {
        static boolean initialUrls(Thread thread) {
            return new org.springframework.boot.devtools.restart.DefaultRestartInitializer().getInitialUrls(thread) != null;
        }
    }
}
