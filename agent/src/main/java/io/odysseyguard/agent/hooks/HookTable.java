package io.odysseyguard.agent.hooks;

import io.odysseyguard.guard.FrameworkClasses;

import java.util.ArrayList;
import java.util.List;

import static io.odysseyguard.agent.hooks.Hook.Action.CLOSE_THREW;
import static io.odysseyguard.agent.hooks.Hook.Action.CLOSING;
import static io.odysseyguard.agent.hooks.Hook.Action.CONNECT_FAILED;
import static io.odysseyguard.agent.hooks.Hook.Action.RELEASE_ON_DEVTOOLS_RESTART;
import static io.odysseyguard.agent.hooks.Hook.Action.RELEASE_ON_LOADER_CLOSE;
import static io.odysseyguard.agent.hooks.Hook.Action.RELEASE_ON_LOADER_STOP;
import static io.odysseyguard.agent.hooks.Hook.Action.RELEASE_ON_WEBAPP_STOP;
import static io.odysseyguard.agent.hooks.Hook.Action.TRACK;
import static io.odysseyguard.agent.hooks.Hook.Action.TRACK_CONNECTING;
import static io.odysseyguard.agent.hooks.Hook.Action.UNTRACK;
import static io.odysseyguard.agent.hooks.Hook.When.CLASS_LOAD;
import static io.odysseyguard.agent.hooks.Hook.When.FIRST_CONNECTION;

/**
 * Every class and method the agent instruments, and what happens there: the one table the transformer matches class
 * names against, the engine weaves from, and an attach retransforms by. The advice of each action calls the bootstrap
 * part: the connection actions the tracker, the RELEASE actions their trigger.
 *
 * <pre>
 * class                                       methods             action                       when
 * io.odysseyguard.client.OdysseyClient        connect (entry)     TRACK_CONNECTING             class load
 *                                             connect             TRACK                        class load
 *                                             connect (threw)     CONNECT_FAILED               class load
 *                                             disconnect, close   CLOSING (entry), UNTRACK,    class load
 *                                                                 CLOSE_THREW (threw)
 * (each targets= class)                       its open methods    TRACK                        class load
 *                                             its close methods   CLOSING, UNTRACK, CLOSE_THREW class load
 * java.net.URLClassLoader                     close()             RELEASE_ON_LOADER_CLOSE      first connection
 * ...quarkus...QuarkusClassLoader             close()             RELEASE_ON_LOADER_CLOSE      class load
 * ...devtools.restart.Restarter               stop()              RELEASE_ON_DEVTOOLS_RESTART  class load
 * ...catalina.loader.WebappClassLoaderBase     stop()              RELEASE_ON_LOADER_STOP       class load
 * ...jetty.ee10.webapp.WebAppContext           stopWebapp()        RELEASE_ON_WEBAPP_STOP       class load
 * </pre>
 */
public final class HookTable {
    private HookTable() {
    }

    public static List<Hook> of(List<TargetSpec> targets) {
        List<Hook> hooks = new ArrayList<>();
        for (TargetSpec t : targets) {
            hooks.add(new Hook(t.className(), t.openMethods(), TRACK, CLASS_LOAD));
            hooks.add(new Hook(t.className(), t.closeMethods(), UNTRACK, CLASS_LOAD));
            // A close the application makes is its own: a trigger firing meanwhile waits for it (CLOSING marks it
            // under way, UNTRACK or CLOSE_THREW ends it) instead of closing the connection a second time.
            hooks.add(new Hook(t.className(), t.closeMethods(), CLOSING, CLASS_LOAD));
            hooks.add(new Hook(t.className(), t.closeMethods(), CLOSE_THREW, CLASS_LOAD));
        }
        // The client is tracked from its connect()'s entry: a release while it connects makes it give up and end the
        // session the service may already have granted (a JVM exit during a connect leaves nothing held). When the
        // connect throws, it holds nothing; refused with CONCURRENT_LIMIT_REACHED, say who holds the slots.
        String client = TargetSpec.ODYSSEY_CLIENT.className();
        List<String> connect = TargetSpec.ODYSSEY_CLIENT.openMethods();
        hooks.add(new Hook(client, connect, TRACK_CONNECTING, CLASS_LOAD));
        hooks.add(new Hook(client, connect, CONNECT_FAILED, CLASS_LOAD));
        // Application servers close a webapp's URLClassLoader on redeploy (and exec:java its own on exit).
        hooks.add(new Hook("java.net.URLClassLoader", List.of("close"), RELEASE_ON_LOADER_CLOSE, FIRST_CONNECTION));
        // Quarkus dev mode closes the old runtime class loader on live reload.
        hooks.add(new Hook(FrameworkClasses.QUARKUS_CLASS_LOADER, List.of("close"), RELEASE_ON_LOADER_CLOSE, CLASS_LOAD));
        // Spring Boot DevTools: after stop() the old generation is gone, before start() the new one is not there.
        hooks.add(new Hook(FrameworkClasses.DEVTOOLS_RESTARTER, List.of("stop"), RELEASE_ON_DEVTOOLS_RESTART, CLASS_LOAD));
        // Tomcat stops a webapp's class loader (it clears references and refuses classes from then on) before it
        // closes it: release on entry to stop(), after the context's own listeners ran.
        hooks.add(new Hook(FrameworkClasses.TOMCAT_WEBAPP_CLASS_LOADER, List.of("stop"), RELEASE_ON_LOADER_STOP, CLASS_LOAD));
        // Jetty 12 (ee10): after stopWebapp() the application's listeners ran; the deconfiguration and the loader's
        // close come after it.
        hooks.add(new Hook(FrameworkClasses.JETTY_EE10_WEBAPP_CONTEXT, List.of("stopWebapp"), RELEASE_ON_WEBAPP_STOP,
                CLASS_LOAD));
        return hooks;
    }
}
