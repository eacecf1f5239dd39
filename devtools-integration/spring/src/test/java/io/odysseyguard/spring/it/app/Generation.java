package io.odysseyguard.spring.it.app;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Which restarted generation of the app this is. The count survives restarts in a system property (the app's classes
 * are reloaded each time), and so does the test-only leak probe: a weak reference to each generation's class loader,
 * kept in the system properties (a JDK object of the base class loader that outlives the generations and pins none).
 */
final class Generation {
    private static final String COUNT = "demo.generation";
    private static final String LOADERS = "demo.generation-loaders";

    private Generation() {
    }

    /** A new generation, whose class loader is {@code loader}, begins; returns its number (1-based). */
    @SuppressWarnings("unchecked")
    static int begin(ClassLoader loader) {
        int generation = Integer.getInteger(COUNT, 0) + 1;
        System.setProperty(COUNT, Integer.toString(generation));
        List<WeakReference<ClassLoader>> loaders = (List<WeakReference<ClassLoader>>) System.getProperties().get(LOADERS);
        if (loaders == null) {
            loaders = new CopyOnWriteArrayList<>();
            System.getProperties().put(LOADERS, loaders);
        }
        loaders.add(new WeakReference<>(loader));
        return generation;
    }

    static int current() {
        return Integer.getInteger(COUNT, 0);
    }

    /** The generations (1-based) whose class loader has not been collected yet. */
    @SuppressWarnings("unchecked")
    static List<Integer> alive() {
        List<Integer> alive = new ArrayList<>();
        List<WeakReference<ClassLoader>> loaders = (List<WeakReference<ClassLoader>>) System.getProperties().get(LOADERS);
        for (int i = 0; loaders != null && i < loaders.size(); i++) {
            if (loaders.get(i).get() != null) {
                alive.add(i + 1);
            }
        }
        return alive;
    }

    /** Prints a line the test waits for, at once. */
    static void say(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
