package io.odysseyguard.agent;

import java.lang.reflect.InvocationTargetException;

/**
 * {@code Main-Class} of the agent jar: {@code java -jar odyssey-guard-agent.jar list|release|reap}. The command and its
 * libraries (picocli, jackson-core, relocated) live in a jar nested in the agent jar ({@value #RESOURCE}), so that a
 * guarded JVM's start never pays for their entries; this loads it and hands over.
 */
public final class CommandLauncher {
    static final String RESOURCE = "META-INF/odyssey-guard/odyssey-guard-command.jar";
    static final String COMMAND = "io.odysseyguard.cli.OdysseyGuardCommand";

    private CommandLauncher() {
    }

    public static void main(String[] args) throws Throwable {
        ClassLoader loader = NestedJar.load(CommandLauncher.class, RESOURCE, "odyssey-guard-command");
        Thread.currentThread().setContextClassLoader(loader);
        try {
            Class.forName(COMMAND, true, loader).getMethod("main", String[].class).invoke(null, (Object) args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
