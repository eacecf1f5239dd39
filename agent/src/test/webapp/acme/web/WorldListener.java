package acme.web;

import io.odysseyguard.client.OdysseyClient;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;

/**
 * The webapp of the app-server tests (compiled at test time into WEB-INF/classes, never on a class path of its own):
 * each generation connects one Odyssey client when the context starts and, like the code of the issue, never
 * disconnects it (unless {@code -Dworld.disconnect=true}: then its contextDestroyed does).
 * Prints {@code generation N connected <session id>} or {@code generation N refused <exception class>}.
 */
public class WorldListener implements ServletContextListener {
    private static OdysseyClient client;

    @Override
    public void contextInitialized(ServletContextEvent event) {
        int generation = Integer.getInteger("world.generation", 0) + 1;
        System.setProperty("world.generation", Integer.toString(generation));
        try {
            OdysseyClient c = OdysseyClient.builder().apiKey(System.getenv("ODYSSEY_API_KEY"))
                    .apiUrl(System.getProperty("world.api.url")).build();
            c.connect();
            client = c;
            System.out.println("generation " + generation + " connected " + c.sessionId());
        } catch (RuntimeException e) {
            System.out.println("generation " + generation + " refused " + e.getClass().getName());
        }
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        if (Boolean.getBoolean("world.disconnect") && client != null) {
            int generation = Integer.getInteger("world.generation");
            if (!client.isConnected()) {
                System.out.println("generation " + generation + " found its client disconnected before contextDestroyed");
                return;
            }
            client.disconnect();
            System.out.println("generation " + generation + " disconnected itself");
        }
    }
}
