package io.odysseyguard.agent.it.apps;

import io.odysseyguard.agent.it.fixtures.FileConnection;
import io.odysseyguard.agent.it.fixtures.HangingConnection;
import io.odysseyguard.agent.it.fixtures.ThrowingConnection;

import java.util.ArrayList;
import java.util.List;

/**
 * Opens hand-written connections and never closes them, then ends as told:
 * {@code ExitApp <log> <plain> <hanging> <throwing> <return|exit|wait>}.
 */
public final class ExitApp {
    private static final List<Object> OPEN = new ArrayList<>();

    private ExitApp() {
    }

    public static void main(String[] args) throws Exception {
        String log = args[0];
        int plain = Integer.parseInt(args[1]);
        int hanging = Integer.parseInt(args[2]);
        int throwing = Integer.parseInt(args[3]);
        String mode = args[4];
        for (int i = 0; i < hanging; i++) {
            HangingConnection c = new HangingConnection(log, "hang-" + i);
            c.open();
            OPEN.add(c);
        }
        for (int i = 0; i < throwing; i++) {
            ThrowingConnection c = new ThrowingConnection();
            c.open();
            OPEN.add(c);
        }
        for (int i = 0; i < plain; i++) {
            FileConnection c = new FileConnection(log, "plain-" + i);
            c.open();
            OPEN.add(c);
        }
        Ending.readyThen(mode);
    }
}
