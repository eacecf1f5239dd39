package io.odysseyguard.agent.it.apps;

import io.odysseyguard.agent.it.fixtures.FileConnection;
import io.odysseyguard.guard.OdysseyGuard;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;

/**
 * A "webapp" loaded through its own URLClassLoader opens a connection ({@code webapp}); the main code opens a
 * connection of a class that loader defined ({@code defined}); the main code also opens one of its own
 * ({@code main}). Closing the loader must release the first two and leave the third, while the JVM runs on.
 * {@code LoaderCloseApp <log> <classes dir>}
 */
public final class LoaderCloseApp {
    private LoaderCloseApp() {
    }

    public static void main(String[] args) throws Exception {
        String log = args[0];
        URL classes = Path.of(args[1]).toUri().toURL();
        FileConnection own = new FileConnection(log, "main");
        own.open();
        URLClassLoader webapp = new URLClassLoader("webapp", new URL[] {classes}, ClassLoader.getPlatformClassLoader());
        Class<?> plugin = webapp.loadClass("io.odysseyguard.agent.it.fixtures.Plugin");
        plugin.getMethod("start", String.class, String.class).invoke(null, log, "webapp");
        Object defined = plugin.getMethod("create", String.class, String.class).invoke(null, log, "defined");
        defined.getClass().getMethod("open").invoke(defined);
        System.out.println("open=" + OdysseyGuard.openConnections().size());
        webapp.close();
        System.out.println("after-close=" + OdysseyGuard.openConnections().size());
        for (var c : OdysseyGuard.openConnections()) {
            System.out.println("left=" + c.className() + " owner=" + c.owner());
        }
        System.out.println("still running");
        System.out.flush();
        own.close();
    }
}
