package io.odysseyguard.agent.it.apps;

import io.odysseyguard.agent.it.fixtures.FileConnection;
import io.odysseyguard.agent.it.fixtures.SlowConnection;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A trigger fires while the application is closing a connection itself: {@code ClosingApp <log> <exit|api>} opens a
 * {@link SlowConnection} and a {@link FileConnection}, starts closing the slow one on a thread of its own (its close
 * takes a second), and as soon as that close has begun either calls {@code System.exit(0)} ({@code exit}) or has the
 * guard release everything through its API ({@code api}: {@code OdysseyGuard.releaseAll()}, reached in the bootstrap
 * loader as a framework reaches it, then prints {@code api released <n>}). The file connection it never closes.
 */
public final class ClosingApp {
    private static Object plain;

    private ClosingApp() {
    }

    public static void main(String[] args) throws Exception {
        String log = args[0];
        SlowConnection slow = new SlowConnection(log, "slow-0");
        slow.open();
        FileConnection file = new FileConnection(log, "plain-0");
        file.open();
        plain = file;
        Thread closer = new Thread(() -> {
            try {
                slow.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "app-closer");
        closer.setDaemon(true);
        closer.start();
        while (!Files.readString(Path.of(log)).contains("close-start slow-0")) {
            Thread.sleep(5);
        }
        if (args[1].equals("api")) {
            Object released = Class.forName("io.odysseyguard.guard.OdysseyGuard", false, null)
                    .getMethod("releaseAll").invoke(null);
            System.out.println("api released " + released);
            closer.join();
        } else {
            System.exit(0);
        }
    }
}
