package io.odysseyguard.agent.it.apps;

import io.odysseyguard.agent.it.fixtures.FileConnection;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Started without the agent; loads the target class, prints {@code ready}, waits for the test to attach the
 * agent and create the go file, then opens two connections and returns without closing them.
 * {@code AttachApp <log> <go file>}
 */
public final class AttachApp {
    private static final List<Object> OPEN = new ArrayList<>();

    private AttachApp() {
    }

    public static void main(String[] args) throws Exception {
        String log = args[0];
        Path go = Path.of(args[1]);
        OPEN.add(new FileConnection(log, "unopened")); // the target class is loaded before the agent arrives
        System.out.println("ready");
        System.out.flush();
        for (int i = 0; i < 1200 && !Files.exists(go); i++) {
            Thread.sleep(50);
        }
        for (int i = 0; i < 2; i++) {
            FileConnection c = new FileConnection(log, "attached-" + i);
            c.open();
            OPEN.add(c);
        }
        System.out.println("opened");
    }
}
