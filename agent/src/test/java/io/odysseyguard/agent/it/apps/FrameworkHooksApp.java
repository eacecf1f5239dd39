package io.odysseyguard.agent.it.apps;

import io.odysseyguard.agent.it.fixtures.FileConnection;
import io.odysseyguard.guard.OdysseyGuard;
import io.quarkus.bootstrap.classloading.QuarkusClassLoader;
import org.springframework.boot.devtools.restart.Restarter;
import org.springframework.boot.devtools.restart.classloader.RestartClassLoader;

import java.net.URL;
import java.nio.file.Path;

/**
 * The framework hooks' mechanism, with same-named stand-ins of DevTools' {@code Restarter} and
 * {@code RestartClassLoader} and Quarkus' {@code QuarkusClassLoader}: a "generation" loaded through a
 * {@code RestartClassLoader} opens a connection; {@code Restarter.stop()} must release it (and only it), once;
 * a {@code stop()} that throws must release too; closing a {@code QuarkusClassLoader} must release its
 * connections. {@code FrameworkHooksApp <log> <classes dir>}
 */
public final class FrameworkHooksApp {
    private FrameworkHooksApp() {
    }

    public static void main(String[] args) throws Exception {
        String log = args[0];
        Path dir = Path.of(args[1]);
        URL classes = dir.toUri().toURL();
        FileConnection own = new FileConnection(log, "main");
        own.open();

        generation(classes, log, "gen1");
        System.out.println("open=" + OdysseyGuard.openConnections().size());
        new Restarter(false).restart();
        System.out.println("after-restart=" + OdysseyGuard.openConnections().size());
        new Restarter(false).restart(); // nothing left of gen1: nothing released twice
        generation(classes, log, "gen2");
        new Restarter(true).restart();
        System.out.println("after-failing-stop=" + OdysseyGuard.openConnections().size());

        QuarkusClassLoader quarkus = new QuarkusClassLoader("quarkus-dev", dir, ClassLoader.getPlatformClassLoader());
        Class<?> plugin = quarkus.loadClass("io.odysseyguard.agent.it.fixtures.Plugin");
        plugin.getMethod("start", String.class, String.class).invoke(null, log, "quarkus");
        System.out.println("before-quarkus-close=" + OdysseyGuard.openConnections().size());
        quarkus.close();
        quarkus.close(); // a second close releases nothing twice
        System.out.println("after-quarkus-close=" + OdysseyGuard.openConnections().size());
        for (var c : OdysseyGuard.openConnections()) {
            System.out.println("left=" + c.className() + " owner=" + c.owner());
        }
        System.out.flush();
        own.close();
    }

    private static void generation(URL classes, String log, String id) throws Exception {
        RestartClassLoader loader = new RestartClassLoader(new URL[] {classes}, ClassLoader.getPlatformClassLoader());
        Class<?> plugin = loader.loadClass("io.odysseyguard.agent.it.fixtures.Plugin");
        plugin.getMethod("start", String.class, String.class).invoke(null, log, id);
    }
}
