package io.odysseyguard.agent.it.apps;

import io.odysseyguard.agent.it.fixtures.FileConnection;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.List;

/**
 * Asks for the guard's classes the ways an application's class loaders do, the agent jar on the class path (as a
 * dependency puts it there) and in a child-first loader of its own (as a webapp's or Quarkus' loader looks in its own
 * jars first): the bootstrap part is never found a second time, and a second copy of the public API reaches the one
 * registry. {@code OneCopyApp <log> <agent jar>}; prints {@code key=value} lines.
 */
public final class OneCopyApp {
    private static final String[] BOOTSTRAP_PART = {"io.odysseyguard.guard.tracked.Tracker",
            "io.odysseyguard.guard.api.ApiCalls", "io.odysseyguard.guard.output.Reporter"};

    private OneCopyApp() {
    }

    /** Looks in its own jar first for the guard's classes, as a webapp's class loader does. */
    static final class ChildFirst extends URLClassLoader {
        ChildFirst(URL jar) {
            super("child-first", new URL[] {jar}, ClassLoader.getSystemClassLoader());
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                if (c == null && name.startsWith("io.odysseyguard.guard.")) {
                    try {
                        c = findClass(name);
                    } catch (ClassNotFoundException notInTheJar) {
                        // then the parent, as a child-first loader does
                    }
                }
                return c != null ? c : super.loadClass(name, resolve);
            }
        }
    }

    public static void main(String[] args) throws Exception {
        new FileConnection(args[0], "main").open();
        URL jar = Path.of(args[1]).toUri().toURL();
        try (ChildFirst childFirst = new ChildFirst(jar);
             URLClassLoader isolated = new URLClassLoader("isolated", new URL[] {jar}, null)) {
            for (String name : BOOTSTRAP_PART) {
                String resource = name.replace('.', '/') + ".class";
                System.out.println(name + " system=" + loaderOf(ClassLoader.getSystemClassLoader(), name)
                        + " child-first=" + loaderOf(childFirst, name) + " isolated=" + loaderOf(isolated, name)
                        + " resource=" + (childFirst.getResource(resource) != null
                        || ClassLoader.getSystemResource(resource) != null));
            }
            Class<?> copy = childFirst.loadClass("io.odysseyguard.guard.OdysseyGuard");
            System.out.println("api-copy-loader=" + loaderName(copy.getClassLoader())
                    + " system-api-loader=" + loaderName(Class.forName("io.odysseyguard.guard.OdysseyGuard").getClassLoader()));
            System.out.println("copy-active=" + copy.getMethod("isAgentActive").invoke(null)
                    + " copy-open=" + ((List<?>) copy.getMethod("openConnections").invoke(null)).size());
            System.out.println("copy-released=" + copy.getMethod("releaseAll", String.class)
                    .invoke(null, "from a second copy of the API"));
            System.out.println("left=" + ((List<?>) Class.forName("io.odysseyguard.guard.OdysseyGuard")
                    .getMethod("openConnections").invoke(null)).size());
        }
    }

    private static String loaderOf(ClassLoader asked, String name) {
        try {
            return loaderName(Class.forName(name, false, asked).getClassLoader());
        } catch (ClassNotFoundException e) {
            return "none";
        }
    }

    private static String loaderName(ClassLoader loader) {
        return loader == null ? "bootstrap" : loader.getName();
    }
}
