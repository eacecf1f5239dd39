package io.odysseyguard.agent.it.apps;

import io.odysseyguard.client.OdysseyClient;

/**
 * Takes the JDK's last system shutdown-hook slot (9) for itself before it opens one Odyssey connection, which it
 * never closes, then returns from main: {@code SlotTakenApp <api url>}, run with
 * {@code --add-exports java.base/jdk.internal.access=ALL-UNNAMED}. Prints {@code slot 9 taken}, and its hook prints
 * {@code the application's slot-9 hook ran}.
 */
public final class SlotTakenApp {
    private static OdysseyClient client;

    private SlotTakenApp() {
    }

    public static void main(String[] args) throws Exception {
        Object access = Class.forName("jdk.internal.access.SharedSecrets").getMethod("getJavaLangAccess").invoke(null);
        Class.forName("jdk.internal.access.JavaLangAccess")
                .getMethod("registerShutdownHook", int.class, boolean.class, Runnable.class)
                .invoke(access, 9, false, (Runnable) () -> System.out.println("the application's slot-9 hook ran"));
        System.out.println("slot 9 taken");
        client = OdysseyClient.builder().apiKey(System.getenv("ODYSSEY_API_KEY")).apiUrl(args[0]).build();
        client.connect();
        System.out.println("session=" + client.sessionId());
    }
}
