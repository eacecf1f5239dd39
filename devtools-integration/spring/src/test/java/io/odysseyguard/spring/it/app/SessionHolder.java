package io.odysseyguard.spring.it.app;

import io.odysseyguard.client.OdysseyClient;
import org.springframework.stereotype.Component;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Connects an Odyssey client when the bean is created and keeps it in a field: no {@code @PreDestroy}, no
 * {@code disconnect()}, as code written without restarts in mind. Prints {@code generation N connected <session>}, or
 * {@code generation N failed <exception class>} when the server refuses the session (the 429 of a full concurrency
 * limit). The generation count survives restarts in a system property (this class is reloaded each time).
 */
@Component
public class SessionHolder {
    private static final String GENERATION = "demo.generation";
    private static final String LOADERS = "demo.generation-loaders";

    private final OdysseyClient client;

    public SessionHolder() {
        int generation = Integer.getInteger(GENERATION, 0) + 1;
        System.setProperty(GENERATION, Integer.toString(generation));
        trackLoader(generation);
        if ("false".equals(System.getProperty("demo.connect"))) { // the leak check's baseline
            client = null;
            System.out.println("generation " + generation + " connected nothing");
            System.out.flush();
            return;
        }
        client = OdysseyClient.builder().apiKey(System.getenv("ODYSSEY_API_KEY"))
                .apiUrl(System.getProperty("demo.api-url")).build();
        try {
            client.connect();
            System.out.println("generation " + generation + " connected " + client.sessionId());
        } catch (RuntimeException e) {
            System.out.println("generation " + generation + " failed " + e.getClass().getName());
        }
        System.out.flush();
    }

    /**
     * Test-only leak probe: a weak reference to each generation's class loader, kept in the system properties (a JDK
     * object of the base class loader that outlives the generations, and pins none of them).
     */
    @SuppressWarnings("unchecked")
    private void trackLoader(int generation) {
        List<WeakReference<ClassLoader>> loaders = (List<WeakReference<ClassLoader>>) System.getProperties().get(LOADERS);
        if (loaders == null) {
            loaders = new CopyOnWriteArrayList<>();
            System.getProperties().put(LOADERS, loaders);
        }
        loaders.add(new WeakReference<>(getClass().getClassLoader()));
    }

    /** The generations (1-based) whose class loader has not been collected yet. */
    @SuppressWarnings("unchecked")
    static List<Integer> aliveGenerations() {
        List<Integer> alive = new ArrayList<>();
        List<WeakReference<ClassLoader>> loaders = (List<WeakReference<ClassLoader>>) System.getProperties().get(LOADERS);
        for (int i = 0; loaders != null && i < loaders.size(); i++) {
            if (loaders.get(i).get() != null) {
                alive.add(i + 1);
            }
        }
        return alive;
    }

    static int generation() {
        return Integer.getInteger(GENERATION, 0);
    }
}
