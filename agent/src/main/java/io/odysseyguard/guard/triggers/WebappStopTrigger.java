package io.odysseyguard.guard.triggers;

import io.odysseyguard.guard.output.Reporter;
import io.odysseyguard.guard.tracked.Loaders;

import java.lang.reflect.Method;

/**
 * An application server stops a webapp (undeploy, redeploy, reload, server stop): its connections are released after
 * the application's own listeners ran (an application that disconnects itself goes first) and before the server tears
 * its class loader down, while that loader still loads the classes the connections' close methods need.
 * <ul>
 *   <li>Tomcat: on entry to {@code WebappClassLoaderBase.stop()}, which {@code WebappLoader.stopInternal()} calls
 *   after the context's listeners ran and before {@code destroy()} closes the loader. {@code stop()} clears
 *   references and from then on refuses to load classes, so the generic {@code URLClassLoader.close()} trigger
 *   would come too late there.</li>
 *   <li>Jetty 12 (ee10): at the exit of {@code WebAppContext.stopWebapp()} (servlets, filters, the application's
 *   listeners stopped); the context's class loader is closed later, in {@code cleanupAfterStop()}.</li>
 * </ul>
 */
public final class WebappStopTrigger {
    private WebappStopTrigger() {
    }

    /** On entry to Tomcat's {@code WebappClassLoaderBase.stop()}. */
    public static void loaderStopping(Object loader) {
        if (loader instanceof ClassLoader) {
            LoaderCloseTrigger.release((ClassLoader) loader, "when Tomcat stopped it", "when Tomcat stopped {}");
        }
    }

    /** At the exit of Jetty's {@code WebAppContext.stopWebapp()}: {@code context.getClassLoader()}'s connections. */
    public static void webappStopped(Object context) {
        ClassLoader loader = classLoaderOf(context);
        // A webapp run in the server's own loader (or one of its parents) has no generation of its own to release.
        if (loader != null && !Loaders.isSameOrBelow(context.getClass().getClassLoader(), loader)) {
            LoaderCloseTrigger.release(loader, "when Jetty stopped its webapp", "when Jetty stopped the webapp of {}");
        }
    }

    private static ClassLoader classLoaderOf(Object context) {
        try {
            Method m = context.getClass().getMethod("getClassLoader");
            Object loader = m.invoke(context);
            return loader instanceof ClassLoader ? (ClassLoader) loader : null;
        } catch (Throwable t) {
            Reporter.debug("could not find the class loader of a stopped webapp: " + t.getClass().getName());
            return null;
        }
    }
}
