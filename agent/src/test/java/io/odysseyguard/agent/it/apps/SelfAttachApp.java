package io.odysseyguard.agent.it.apps;

import io.odysseyguard.agent.SelfAttach;
import io.odysseyguard.agent.it.fixtures.FileConnection;
import io.odysseyguard.guard.OdysseyGuard;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;

/**
 * Started without {@code -javaagent}, the agent jar on its class path (as an integration has it): installs the agent
 * with {@link SelfAttach} (a second call, and {@code ensureInstalled} as the README shows it, find it installed), then uses the API with and without a trigger:
 * {@code release(webapp, trigger)}, {@code release(webapp)}, {@code releaseAll(trigger)}, {@code releaseAll()}.
 * It names {@link OdysseyGuard} only after the install. {@code SelfAttachApp <log> <classes dir> <agent options>}
 */
public final class SelfAttachApp {
    private SelfAttachApp() {
    }

    public static void main(String[] args) throws Exception {
        String log = args[0];
        URL classes = Path.of(args[1]).toUri().toURL();
        System.out.println("before=" + SelfAttach.isInstalled());
        SelfAttach.Result first = SelfAttach.install(args[2]);
        System.out.println("first=" + first.outcome() + " installed=" + first.installed() + " jar=" + first.agentJar());
        System.out.println("second=" + SelfAttach.install(args[2]).outcome());
        System.out.println("ensured=" + SelfAttach.ensureInstalled(args[2]));
        System.out.println("api-loader=" + OdysseyGuard.class.getClassLoader() + " active=" + OdysseyGuard.isAgentActive());

        URLClassLoader webapp = new URLClassLoader("webapp", new URL[] {classes}, ClassLoader.getPlatformClassLoader());
        Class<?> plugin = webapp.loadClass("io.odysseyguard.agent.it.fixtures.Plugin");
        plugin.getMethod("start", String.class, String.class).invoke(null, log, "webapp-1");
        System.out.println("released-with-trigger=" + OdysseyGuard.release(webapp, "before the test's\nredeploy "));
        plugin.getMethod("start", String.class, String.class).invoke(null, log, "webapp-2");
        System.out.println("released-without=" + OdysseyGuard.release(webapp, null));

        for (int i = 0; i < 2; i++) {
            new FileConnection(log, "main-" + i).open();
        }
        System.out.println("released-all-with-trigger=" + OdysseyGuard.releaseAll("when the test ends"));
        new FileConnection(log, "main-2").open();
        System.out.println("released-all-without=" + OdysseyGuard.releaseAll(" "));
        System.out.println("left=" + OdysseyGuard.openConnections().size());
        System.out.flush();
        webapp.close();
    }
}
