package io.odysseyguard.guard.triggers;

/**
 * The framework classes the guard knows by name (it never needs them at compile time): the one place these names are
 * written. Compile-time constants, so the agent's hook table and the integrations use them without loading this class.
 */
public final class FrameworkClasses {
    /** Spring Boot DevTools: {@code restart()} calls {@code stop()} (old contexts closed), then {@code start()}. */
    public static final String DEVTOOLS_RESTARTER = "org.springframework.boot.devtools.restart.Restarter";
    /** Spring Boot DevTools: the class loader of each restarted generation. */
    public static final String DEVTOOLS_RESTART_CLASS_LOADER =
            "org.springframework.boot.devtools.restart.classloader.RestartClassLoader";
    /** Quarkus: its class loaders; dev mode closes the old runtime one on live reload. */
    public static final String QUARKUS_CLASS_LOADER = "io.quarkus.bootstrap.classloading.QuarkusClassLoader";

    private FrameworkClasses() {
    }
}
