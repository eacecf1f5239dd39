package io.odysseyguard.agent.it.target;

import java.util.ArrayList;
import java.util.List;

/** Code that the tests load through a URLClassLoader of its own, as an application server loads a webapp. */
public class Plugin {
    private static final List<Object> KEPT = new ArrayList<>();

    private Plugin() {
    }

    /** Opens a connection and keeps it in a static field of this (discardable) class. */
    public static void start(String log, String id) {
        FileConnection c = new FileConnection(log, id);
        c.open();
        KEPT.add(c);
    }

    /** A connection of a class this loader defined, for the caller to open. */
    public static Object create(String log, String id) {
        FileConnection c = new FileConnection(log, id);
        KEPT.add(c);
        return c;
    }

    /** Opens a connection and drops it. */
    public static void openAndDrop(String log, String id) {
        new FileConnection(log, id).open();
    }
}
