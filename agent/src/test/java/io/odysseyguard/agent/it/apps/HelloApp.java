package io.odysseyguard.agent.it.apps;

/** Hello world; with the argument {@code loader} it also prints which loader defined OdysseyGuard. */
public final class HelloApp {
    private HelloApp() {
    }

    public static void main(String[] args) throws Exception {
        System.out.println("hello");
        if (args.length > 0 && args[0].equals("loader")) {
            Class<?> guard = Class.forName("io.odysseyguard.guard.OdysseyGuard");
            System.out.println("guard-loader=" + guard.getClassLoader());
            System.out.println("agent-active=" + guard.getMethod("isAgentActive").invoke(null));
        }
    }
}
