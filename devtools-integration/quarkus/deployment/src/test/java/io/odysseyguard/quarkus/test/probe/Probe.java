package io.odysseyguard.quarkus.test.probe;

import java.lang.ref.WeakReference;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What each generation of the test application reports as it starts: its name, its class loader (weakly), the
 * Odyssey session it opened or why it could not. Not part of the application root: dev mode's class loaders find it
 * through their parent, the test's own class loader, so the test and every generation share this one copy.
 */
public final class Probe {
    public static final String API_URL_PROPERTY = "odyssey.test.api-url";
    private static final List<Generation> GENERATIONS = new CopyOnWriteArrayList<>();
    private static final List<Cleanup> CLEANUPS = new CopyOnWriteArrayList<>();

    private Probe() {
    }

    public static void generationStarted(String name, ClassLoader loader, String sessionId, String failure) {
        GENERATIONS.add(new Generation(name, new WeakReference<>(loader), loader.toString(), sessionId, failure));
    }

    /** A generation's {@code @PreDestroy} cleanup ran: {@code failure} null when it ended its stream and disconnected. */
    public static void cleanedUp(String name, String failure) {
        CLEANUPS.add(new Cleanup(name, failure));
    }

    public static List<Cleanup> cleanups() {
        return List.copyOf(CLEANUPS);
    }

    public static List<Generation> generations() {
        return List.copyOf(GENERATIONS);
    }

    public static Generation last() {
        List<Generation> all = generations();
        return all.isEmpty() ? null : all.get(all.size() - 1);
    }

    /** One generation's cleanup: {@code failure} is null when it succeeded. */
    public record Cleanup(String name, String failure) {
    }

    /** One generation: a weak reference only, so the probe never keeps a discarded generation alive. */
    public record Generation(String name, WeakReference<ClassLoader> loader, String loaderName, String sessionId,
            String failure) {
    }
}
