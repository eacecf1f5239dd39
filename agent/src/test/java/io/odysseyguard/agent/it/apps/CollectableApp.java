package io.odysseyguard.agent.it.apps;

import io.odysseyguard.guard.OdysseyGuard;

import java.lang.ref.WeakReference;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;

/**
 * A class loader whose code opened connections (one kept in a static field of its own class, one dropped) is
 * discarded without being closed; under the agent it must still be garbage-collectable, and the registry must
 * forget its connections. Prints {@code collected=true|false} and {@code tracked=<n>}.
 * {@code CollectableApp <log> <classes dir>}
 */
public final class CollectableApp {
    private CollectableApp() {
    }

    public static void main(String[] args) throws Exception {
        String log = args[0];
        URL classes = Path.of(args[1]).toUri().toURL();
        WeakReference<ClassLoader> ref = openInThrowawayLoader(log, classes);
        System.out.println("tracked-before=" + OdysseyGuard.openConnections().size());
        boolean collected = false;
        for (int i = 0; i < 100 && !collected; i++) {
            System.gc();
            Thread.sleep(50);
            collected = ref.get() == null;
        }
        System.out.println("collected=" + collected);
        System.out.println("tracked=" + OdysseyGuard.openConnections().size());
    }

    private static WeakReference<ClassLoader> openInThrowawayLoader(String log, URL classes) throws Exception {
        URLClassLoader loader = new URLClassLoader("throwaway", new URL[] {classes}, ClassLoader.getPlatformClassLoader());
        Class<?> plugin = loader.loadClass("io.odysseyguard.agent.it.fixtures.Plugin");
        plugin.getMethod("start", String.class, String.class).invoke(null, log, "kept");
        plugin.getMethod("openAndDrop", String.class, String.class).invoke(null, log, "dropped");
        return new WeakReference<>(loader);
    }
}
