package io.odysseyguard.agent.it.apps;

import org.apache.catalina.Context;
import org.apache.catalina.startup.Tomcat;

import java.nio.file.Files;

/**
 * A real embedded Tomcat with one webapp (its docBase from the test, with WEB-INF/web.xml), reloaded as a developer's
 * redeploy does ({@code Context.reload()}): {@code TomcatApp <api url> <docBase> <handshake dir> <reloads>}. Prints
 * {@code started}, {@code reloaded N} after each reload, {@code stopped} after the server stopped; waits for the test's
 * {@code reload-N}, {@code stop} and {@code exit} between them.
 */
public final class TomcatApp {
    private TomcatApp() {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("world.api.url", args[0]);
        Handshake test = new Handshake(args[2]);
        int reloads = Integer.parseInt(args[3]);
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(Files.createTempDirectory("tomcat").toString());
        tomcat.setPort(0);
        tomcat.getConnector();
        tomcat.setAddDefaultWebXmlToWebapp(false);
        Context context = tomcat.addWebapp("/world", args[1]);
        tomcat.start();
        System.out.println("started");
        for (int i = 1; i <= reloads; i++) {
            test.await("reload-" + i);
            context.reload();
            System.out.println("reloaded " + i);
        }
        test.await("stop");
        tomcat.stop();
        tomcat.destroy();
        System.out.println("stopped");
        test.await("exit");
    }
}
