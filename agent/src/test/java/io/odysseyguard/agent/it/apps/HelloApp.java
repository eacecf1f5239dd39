package io.odysseyguard.agent.it.apps;

/**
 * Hello world; with the argument {@code loader} it also prints which loader defined OdysseyGuard; with the argument
 * {@code client} it loads the Odyssey client's class (as an application about to connect does); with
 * {@code -Dhello.sleep=MILLIS} it then stays that long (an application that runs a while).
 */
public final class HelloApp {
    private HelloApp() {
    }

    public static void main(String[] args) throws Exception {
        System.out.println("hello");
        // The agent must not widen what the application may reach into (no implicit --add-opens).
        System.out.println("java.lang-open-to-app=" + Object.class.getModule().isOpen("java.lang", HelloApp.class.getModule()));
        if (args.length > 0 && args[0].equals("loader")) {
            Class<?> guard = Class.forName("io.odysseyguard.guard.OdysseyGuard");
            System.out.println("guard-loader=" + guard.getClassLoader());
            System.out.println("agent-active=" + guard.getMethod("isAgentActive").invoke(null));
        }
        if (args.length > 0 && args[0].equals("client")) {
            Class.forName("io.odysseyguard.client.OdysseyClient");
        }
        Thread.sleep(Long.getLong("hello.sleep", 0));
    }
}
