package io.odysseyguard.guard;

/**
 * The framework classes the guard knows by name (it never needs them at compile time): the one place these names are
 * written, for the agent's hook table, its triggers and the integrations. Beside the public API, in the one package of
 * the guard's that any class loader may define.
 */
public final class FrameworkClasses {
    /** Spring Boot DevTools: {@code restart()} calls {@code stop()} (old contexts closed), then {@code start()}. */
    public static final String DEVTOOLS_RESTARTER = "org.springframework.boot.devtools.restart.Restarter";
    /** Spring Boot DevTools: the class loader of each restarted generation. */
    public static final String DEVTOOLS_RESTART_CLASS_LOADER =
            "org.springframework.boot.devtools.restart.classloader.RestartClassLoader";
    /** Quarkus: its class loaders; dev mode closes the old runtime one on live reload. */
    public static final String QUARKUS_CLASS_LOADER = "io.quarkus.bootstrap.classloading.QuarkusClassLoader";
    /**
     * Tomcat: every webapp's class loader ({@code ParallelWebappClassLoader} extends it). On undeploy and reload
     * {@code WebappLoader.stopInternal()} calls its {@code stop()} (after the context's listeners ran; it clears
     * references and from then on refuses to load classes), then {@code destroy()} ({@code URLClassLoader.close()}).
     */
    public static final String TOMCAT_WEBAPP_CLASS_LOADER = "org.apache.catalina.loader.WebappClassLoaderBase";
    /**
     * Jetty 12, ee10: a webapp. {@code stopContext()} calls {@code stopWebapp()} (the servlets, filters and the
     * application's listeners stop), then deconfigures it, then {@code cleanupAfterStop()} closes its class loader.
     */
    public static final String JETTY_EE10_WEBAPP_CONTEXT = "org.eclipse.jetty.ee10.webapp.WebAppContext";

    private FrameworkClasses() {
    }
}
