package io.odysseyguard.agent.it;

import io.odysseyguard.agent.it.Redeploys.Client;
import io.odysseyguard.agent.it.Redeploys.Run;
import io.odysseyguard.agent.it.apps.TomcatApp;
import io.odysseyguard.localserver.LocalOdysseyServer;
import io.odysseyguard.localserver.junit.LocalOdysseyServerTest;
import io.odysseyguard.testsupport.ChildJvmBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static io.odysseyguard.agent.it.Redeploys.RELOADS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real embedded Tomcat 11 redeploying ({@code Context.reload()}) a webapp whose listener connects an Odyssey client
 * and never disconnects it. Tomcat stops the webapp's class loader (it then refuses classes) before it closes it: the
 * guard releases on entry to {@code WebappClassLoaderBase.stop()}, after the application's own listeners ran.
 */
class TomcatRedeployIT {
    /** {@code released 1 Odyssey connection left open by ParallelWebappClassLoader@... when Tomcat stopped it (...)} */
    private static final String RELEASED = "odyssey-guard: released 1 Odyssey connection left open by "
            + "ParallelWebappClassLoader@\\p{XDigit}+( '[^']*')? when Tomcat stopped it "
            + "\\(opened at acme\\.web\\.WorldListener\\.contextInitialized\\(WorldListener\\.java:\\d+\\).*\\)";

    private final String apiKey = Redeploys.apiKey();

    private ChildJvmBuilder tomcat(ChildJvmBuilder jvm, Client client) {
        return jvm.classPath(Redeploys.classPath(Redeploys.JETTY, client)).env("ODYSSEY_API_KEY", apiKey);
    }

    private ChildJvmBuilder guarded(LocalOdysseyServer server, Path docBase, Path dir, Client client, int reloads) {
        return tomcat(TestJvms.guarded(TomcatApp.class.getName(), server.baseUrl(), docBase.toString(),
                dir.resolve("handshake").toString(), Integer.toString(reloads)), client);
    }

    @Test
    void clientInWebInfLibIsReleasedAtEveryReload(
            @LocalOdysseyServerTest(concurrencyLimit = 5, heartbeatTimeout = "60s") LocalOdysseyServer unguardedServer,
            @LocalOdysseyServerTest(concurrencyLimit = 5, heartbeatTimeout = "60s") LocalOdysseyServer guardedServer,
            @TempDir Path unguardedDir, @TempDir Path guardedDir) throws Exception {
        // Without the guard: every generation's session stays held, the sixth connect finds no slot.
        Path docBase = Redeploys.webapp(unguardedDir, Client.IN_WEBAPP);
        Run without = Redeploys.run(tomcat(TestJvms.unguarded(TomcatApp.class.getName(), unguardedServer.baseUrl(),
                        docBase.toString(), unguardedDir.resolve("handshake").toString(), Integer.toString(RELOADS)),
                Client.IN_WEBAPP), unguardedServer, unguardedDir, RELOADS, false);
        try (var child = without.child()) {
            assertThat(without.sessions().subList(0, 5)).doesNotContainNull();
            assertThat(without.refused()).as(child.describe()).isEqualTo(3);
            assertThat(without.refusals()).allMatch(r -> r.endsWith("ConcurrentLimitReachedException"));
            assertThat(unguardedServer.usage().concurrentSessions()).isEqualTo(5);
        }
        List<String> leaksWithout = Redeploys.tomcatLeakWarnings(without.child());

        // With it: one session at a time, each closed by the client before the next generation connects.
        docBase = Redeploys.webapp(guardedDir, Client.IN_WEBAPP);
        Run with = Redeploys.run(guarded(guardedServer, docBase, guardedDir, Client.IN_WEBAPP, RELOADS), guardedServer,
                guardedDir, RELOADS, true);
        try (var child = with.child()) {
            assertThat(child.guardLines()).as(child.describe()).hasSize(RELOADS + 1).allMatch(l -> l.matches(RELEASED))
                    .as("the site names the webapp's code, not the server's").noneMatch(l -> l.contains("org.apache.catalina"));
            assertThat(child.stdout() + child.stderr()).doesNotContain(apiKey);
            List<String> leaksWith = Redeploys.tomcatLeakWarnings(child);
            assertThat(leaksWith).as("Tomcat's leak report, with the guard").noneMatch(l -> l.contains("odyssey-guard"))
                    .isSubsetOf(leaksWithout);
            System.out.println("Tomcat leak report without the guard: " + leaksWithout);
            System.out.println("Tomcat leak report with the guard: " + leaksWith);
            System.out.println("guard: " + child.guardLines().get(0));
        }
    }

    @Test
    void clientOnTheServersClassPathIsReleasedAtEveryReload(
            @LocalOdysseyServerTest(concurrencyLimit = 5, heartbeatTimeout = "60s") LocalOdysseyServer server,
            @TempDir Path dir) throws Exception {
        Path docBase = Redeploys.webapp(dir, Client.ON_SERVER_CLASS_PATH);
        Run with = Redeploys.run(guarded(server, docBase, dir, Client.ON_SERVER_CLASS_PATH, RELOADS), server, dir,
                RELOADS, true);
        try (var child = with.child()) {
            assertThat(child.guardLines()).as(child.describe()).hasSize(RELOADS + 1).allMatch(l -> l.matches(RELEASED));
        }
    }

    @Test
    void anApplicationThatDisconnectsItselfGoesFirst(
            @LocalOdysseyServerTest(concurrencyLimit = 5, heartbeatTimeout = "60s") LocalOdysseyServer server,
            @TempDir Path dir) throws Exception {
        Path docBase = Redeploys.webapp(dir, Client.IN_WEBAPP);
        Run with = Redeploys.run(guarded(server, docBase, dir, Client.IN_WEBAPP, 3)
                .jvmOptions("-Dworld.disconnect=true"), server, dir, 3, true);
        try (var child = with.child()) {
            Redeploys.assertEachGenerationDisconnectedItself(child, 4, server);
        }
    }
}
