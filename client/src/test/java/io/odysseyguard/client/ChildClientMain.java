package io.odysseyguard.client;

import java.time.Duration;

/**
 * Runs in a child JVM for the tests that need a real process to die or exit. Reads the API key and
 * URL from ODYSSEY_API_KEY / ODYSSEY_API_URL (so the environment fallback is exercised too), connects,
 * prints {@code connected <session id>} and then, by mode:
 * <ul>
 *   <li>{@code wait}: sleeps until the test kills the process;</li>
 *   <li>{@code return}: returns from main without disconnecting (a forgotten client);</li>
 *   <li>{@code hook}: registers a shutdown hook that calls {@code disconnect()}, then returns from main.</li>
 * </ul>
 */
public final class ChildClientMain {

    private ChildClientMain() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        OdysseyClient client = OdysseyClient.builder()
                .keepaliveInterval(Duration.ofMillis(Long.parseLong(args[1])))
                .build();
        client.connect();
        if (mode.equals("hook")) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                client.disconnect();
                System.out.println("disconnected in hook");
                System.out.flush();
            }, "test-disconnect-hook"));
        }
        System.out.println("connected " + client.sessionId());
        System.out.flush();
        if (mode.equals("wait")) {
            Thread.sleep(Long.MAX_VALUE);
        }
    }
}
