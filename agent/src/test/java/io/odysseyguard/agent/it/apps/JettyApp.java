package io.odysseyguard.agent.it.apps;

import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.server.Server;

/**
 * A real embedded Jetty 12 (ee10) with one webapp (its docBase from the test, with WEB-INF/web.xml), redeployed by
 * stopping and starting its {@code WebAppContext}: {@code JettyApp <api url> <docBase> <handshake dir> <reloads>}.
 * Prints and waits as {@link TomcatApp} does.
 */
public final class JettyApp {
    private JettyApp() {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("world.api.url", args[0]);
        Handshake test = new Handshake(args[2]);
        int reloads = Integer.parseInt(args[3]);
        Server server = new Server(0);
        WebAppContext context = new WebAppContext(args[1], "/world");
        server.setHandler(context);
        server.start();
        System.out.println("started");
        for (int i = 1; i <= reloads; i++) {
            test.await("reload-" + i);
            context.stop();
            context.start();
            System.out.println("reloaded " + i);
        }
        test.await("stop");
        server.stop();
        System.out.println("stopped");
        test.await("exit");
    }
}
