package io.odysseyguard.agent.it;

import io.odysseyguard.agent.it.Redeploys.Client;
import io.odysseyguard.agent.it.Redeploys.Run;
import io.odysseyguard.agent.it.apps.JettyApp;
import io.odysseyguard.localserver.LocalOdysseyServer;
import io.odysseyguard.localserver.junit.LocalOdysseyServerTest;
import io.odysseyguard.testsupport.ChildJvmBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static io.odysseyguard.agent.it.Redeploys.RELOADS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real embedded Jetty 12 (ee10) redeploying a webapp (stop and start of its {@code WebAppContext}) whose listener
 * connects an Odyssey client and never disconnects it. The guard releases at the exit of
 * {@code WebAppContext.stopWebapp()}, after the application's listeners ran, before Jetty deconfigures the webapp and
 * closes its class loader.
 */
class JettyRedeployIT {
    /** {@code released 1 Odyssey connection left open by WebAppClassLoader@... when Jetty stopped its webapp (...)} */
    private static final String RELEASED = "odyssey-guard: released 1 Odyssey connection left open by "
            + "WebAppClassLoader@\\p{XDigit}+( '[^']*')? when Jetty stopped its webapp "
            + "\\(opened at acme\\.web\\.WorldListener\\.contextInitialized\\(WorldListener\\.java:\\d+\\).*\\)";

    private final String apiKey = Redeploys.apiKey();

    private ChildJvmBuilder jetty(ChildJvmBuilder jvm, Client client) {
        return jvm.classPath(Redeploys.classPath(Redeploys.TOMCAT, client)).env("ODYSSEY_API_KEY", apiKey);
    }

    private static String[] args(LocalOdysseyServer server, Path docBase, Path dir, int reloads) {
        return new String[] {server.baseUrl(), docBase.toString(), dir.resolve("handshake").toString(),
                Integer.toString(reloads)};
    }

    @Test
    void clientInWebInfLibIsReleasedAtEveryRedeploy(
            @LocalOdysseyServerTest(concurrencyLimit = 5, heartbeatTimeout = "60s") LocalOdysseyServer unguardedServer,
            @LocalOdysseyServerTest(concurrencyLimit = 5, heartbeatTimeout = "60s") LocalOdysseyServer guardedServer,
            @TempDir Path unguardedDir, @TempDir Path guardedDir) throws Exception {
        // Without the guard: every generation's session stays held, the sixth connect finds no slot.
        Path docBase = Redeploys.webapp(unguardedDir, Client.IN_WEBAPP);
        Run without = Redeploys.run(jetty(TestJvms.unguarded(JettyApp.class.getName(),
                args(unguardedServer, docBase, unguardedDir, RELOADS)), Client.IN_WEBAPP), unguardedServer,
                unguardedDir, RELOADS, false);
        try (var child = without.child()) {
            assertThat(without.sessions().subList(0, 5)).doesNotContainNull();
            assertThat(without.refused()).as(child.describe()).isEqualTo(3);
            assertThat(without.refusals()).allMatch(r -> r.endsWith("ConcurrentLimitReachedException"));
            assertThat(unguardedServer.usage().concurrentSessions()).isEqualTo(5);
        }

        // With it: one session at a time, each closed by the client before the next generation connects.
        docBase = Redeploys.webapp(guardedDir, Client.IN_WEBAPP);
        Run with = Redeploys.run(jetty(TestJvms.guarded(JettyApp.class.getName(),
                args(guardedServer, docBase, guardedDir, RELOADS)), Client.IN_WEBAPP), guardedServer, guardedDir,
                RELOADS, true);
        try (var child = with.child()) {
            assertThat(child.guardLines()).as(child.describe()).hasSize(RELOADS + 1).allMatch(l -> l.matches(RELEASED))
                    .as("the site names the webapp's code, not the server's").noneMatch(l -> l.contains("org.eclipse.jetty"));
            assertThat(child.stdout() + child.stderr()).doesNotContain(apiKey);
            System.out.println("guard: " + child.guardLines().get(0));
        }
    }

    @Test
    void clientOnTheServersClassPathIsReleasedAtEveryRedeploy(
            @LocalOdysseyServerTest(concurrencyLimit = 5, heartbeatTimeout = "60s") LocalOdysseyServer server,
            @TempDir Path dir) throws Exception {
        Path docBase = Redeploys.webapp(dir, Client.ON_SERVER_CLASS_PATH);
        Run with = Redeploys.run(jetty(TestJvms.guarded(JettyApp.class.getName(), args(server, docBase, dir, RELOADS)),
                Client.ON_SERVER_CLASS_PATH), server, dir, RELOADS, true);
        try (var child = with.child()) {
            assertThat(child.guardLines()).as(child.describe()).hasSize(RELOADS + 1).allMatch(l -> l.matches(RELEASED));
        }
    }

    @Test
    void anApplicationThatDisconnectsItselfGoesFirst(
            @LocalOdysseyServerTest(concurrencyLimit = 5, heartbeatTimeout = "60s") LocalOdysseyServer server,
            @TempDir Path dir) throws Exception {
        Path docBase = Redeploys.webapp(dir, Client.IN_WEBAPP);
        Run with = Redeploys.run(jetty(TestJvms.guarded(JettyApp.class.getName(), args(server, docBase, dir, 3))
                .jvmOptions("-Dworld.disconnect=true"), Client.IN_WEBAPP), server, dir, 3, true);
        try (var child = with.child()) {
            Redeploys.assertEachGenerationDisconnectedItself(child, 4, server);
        }
    }
}
