package io.odysseyguard.agent.it;

import io.odysseyguard.localserver.CloseReason;
import io.odysseyguard.localserver.LocalOdysseyServer;
import io.odysseyguard.localserver.SessionState;
import io.odysseyguard.localserver.Usage;
import io.odysseyguard.testsupport.ChildJvm;
import io.odysseyguard.testsupport.ChildJvmBuilder;
import io.odysseyguard.testsupport.ClassPath;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Predicate;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The app-server tests' kit: the webapp (its listener compiled now from {@code src/test/webapp} into WEB-INF/classes;
 * the client and jackson in WEB-INF/lib, or left to the server's class path), the child JVM running the server app
 * ({@code apps/TomcatApp}, {@code apps/JettyApp}), and a run through its reloads, checked at the local server after
 * each step.
 */
final class Redeploys {
    static final int RELOADS = 7;
    static final Duration STEP = Duration.ofSeconds(90);
    static final Pattern GENERATION = Pattern.compile("generation (\\d+) (connected|refused) (\\S+)");

    /** Where the client sits. */
    enum Client {
        /** In the webapp's WEB-INF/lib, with its jackson jars; not on the server's class path. */
        IN_WEBAPP,
        /** On the server's (common) class path; only the application code is in the webapp. */
        ON_SERVER_CLASS_PATH
    }

    /** The server's jars a child JVM must not see when it runs the other server. */
    static final Predicate<Path> TOMCAT = p -> p.getFileName().toString().startsWith("tomcat-embed");
    static final Predicate<Path> JETTY = p -> p.toString().contains("/org/eclipse/jetty/")
            || p.getFileName().toString().startsWith("jakarta.servlet-api");

    /** The client and its session module (odyssey-client, odyssey-client-session), as jars or classes directories. */
    private static final Predicate<Path> CLIENT = p -> p.getFileName().toString().startsWith("odyssey-client")
            || p.endsWith(Path.of("client", "target", "classes"))
            || p.endsWith(Path.of("client-session", "target", "classes"));
    private static final Predicate<Path> JACKSON = p -> p.getFileName().toString().startsWith("jackson-");

    private Redeploys() {
    }

    /** A fresh API key, given to the child in its environment only. */
    static String apiKey() {
        return "ody_" + HexFormat.of().formatHex(new SecureRandom().generateSeed(12));
    }

    /** The child JVM's class path: the test class path without the agent, the other server, and a bundled client. */
    static ClassPath classPath(Predicate<Path> otherServer, Client client) {
        ClassPath cp = TestJvms.withoutAgent().without(otherServer);
        return client == Client.IN_WEBAPP ? cp.without(CLIENT.or(JACKSON)) : cp;
    }

    /** A webapp directory under {@code dir}: WEB-INF/web.xml naming the listener, WEB-INF/classes, WEB-INF/lib. */
    static Path webapp(Path dir, Client client) throws IOException {
        Path webInf = Files.createDirectories(dir.resolve("webapp").resolve("WEB-INF"));
        Files.writeString(webInf.resolve("web.xml"), """
                <?xml version="1.0" encoding="UTF-8"?>
                <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee" version="6.0" metadata-complete="true">
                  <listener><listener-class>acme.web.WorldListener</listener-class></listener>
                </web-app>
                """);
        ClassPath tests = ClassPath.ofThisJvm();
        List<Path> clientEntries = entries(tests, CLIENT);
        Path classes = Files.createDirectories(webInf.resolve("classes"));
        List<Path> compileWith = new ArrayList<>(clientEntries);
        compileWith.add(tests.jarNamed("tomcat-embed-core"));
        compile(Path.of("src", "test", "webapp", "acme", "web", "WorldListener.java"), classes,
                compileWith.toArray(Path[]::new));
        Path lib = Files.createDirectories(webInf.resolve("lib"));
        if (client == Client.IN_WEBAPP) {
            for (Path clientEntry : clientEntries) {
                if (Files.isDirectory(clientEntry)) {
                    jar(clientEntry, lib.resolve(clientEntry.getParent().getParent().getFileName() + ".jar"));
                } else {
                    Files.copy(clientEntry, lib.resolve(clientEntry.getFileName()));
                }
            }
            for (String e : tests.entries()) {
                Path p = Path.of(e);
                if (JACKSON.test(p)) {
                    Files.copy(p, lib.resolve(p.getFileName()));
                }
            }
        }
        return dir.resolve("webapp");
    }

    private static List<Path> entries(ClassPath cp, Predicate<Path> wanted) {
        List<Path> found = cp.entries().stream().map(e -> Path.of(e).toAbsolutePath().normalize()).filter(wanted).toList();
        if (found.isEmpty()) {
            throw new IllegalStateException("not on the class path: " + cp);
        }
        return found;
    }

    private static void compile(Path source, Path out, Path... classPath) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        int rc = javac.run(null, errors, errors, "--release", "17", "-g", "-d", out.toString(), "-cp",
                String.join(java.io.File.pathSeparator, Stream.of(classPath).map(Path::toString).toList()),
                source.toString());
        assertThat(rc).as(errors.toString(StandardCharsets.UTF_8)).isZero();
    }

    private static void jar(Path classes, Path jar) throws IOException {
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file);
             Stream<Path> files = Files.walk(classes)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(p).toString().replace('\\', '/')));
                Files.copy(p, out);
                out.closeEntry();
            }
        }
    }

    /** What a run saw: each generation's session id (null when refused) and the child, still open. */
    record Run(List<String> sessions, List<String> refusals, ChildJvm child) {
        long refused() {
            return sessions.stream().filter(s -> s == null).count();
        }
    }

    /**
     * Starts the server app ({@code main <api url> <docBase> <handshake dir> <reloads>}), reloads it {@code reloads}
     * times, stops the server and lets the JVM exit. Guarded, it checks at the local server after every generation's
     * connect that at most one session is held and the previous generation's was closed by a client disconnect before
     * the new one was opened, and after the stop that none is held.
     */
    /**
     * The careful webapp ({@code -Dworld.disconnect=true}), redeployed and stopped: each of its {@code generations}
     * found its client connected in {@code contextDestroyed} and disconnected it, the service saw every session closed
     * by its client, and the guard, which releases after the listeners ran, printed nothing.
     */
    static void assertEachGenerationDisconnectedItself(ChildJvm child, int generations, LocalOdysseyServer server) {
        for (int g = 1; g <= generations; g++) {
            assertThat(child.stdout()).as(child.describe()).contains("generation " + g + " disconnected itself");
        }
        assertThat(child.stdout()).as(child.describe()).doesNotContain("before contextDestroyed");
        assertThat(server.usage().sessions()).hasSize(generations)
                .allSatisfy(s -> assertThat(s.closeReason()).isEqualTo(CloseReason.CLIENT_DISCONNECT));
        assertThat(child.guardLines()).as(child.describe()).isEmpty();
    }

    static Run run(ChildJvmBuilder jvm, LocalOdysseyServer server, Path dir, int reloads, boolean guarded)
            throws Exception {
        Path handshake = Files.createDirectories(dir.resolve("handshake"));
        List<String> sessions = new ArrayList<>();
        List<String> refusals = new ArrayList<>();
        ChildJvm child = jvm.start();
        try {
            child.awaitLine("started", STEP);
            for (int generation = 1; generation <= reloads + 1; generation++) {
                if (generation > 1) {
                    Files.createFile(handshake.resolve("reload-" + (generation - 1)));
                    child.awaitLine("reloaded " + (generation - 1), STEP);
                }
                Matcher m = child.awaitLine(Pattern.compile("generation " + generation + " (connected|refused) (\\S+)"), STEP);
                boolean connected = m.group(1).equals("connected");
                sessions.add(connected ? m.group(2) : null);
                if (!connected) {
                    refusals.add(m.group(2));
                }
                if (guarded) {
                    assertThat(connected).as("generation %d connected%s", generation, child.describe()).isTrue();
                    checkOneHeld(server, sessions, child);
                }
            }
            Files.createFile(handshake.resolve("stop"));
            child.awaitLine("stopped", STEP);
            if (guarded) {
                await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                    Usage usage = server.usage();
                    assertThat(usage.concurrentSessions()).as("held after the server stopped").isZero();
                    assertClosedByClient(usage, sessions.get(sessions.size() - 1));
                });
            }
            Files.createFile(handshake.resolve("exit"));
            assertThat(child.awaitExit(STEP)).as(child.describe()).isZero();
            return new Run(sessions, refusals, child);
        } catch (Throwable t) {
            child.close();
            throw t;
        }
    }

    /** The newest generation's session is the only one held; the one before was closed by the client, before it. */
    private static void checkOneHeld(LocalOdysseyServer server, List<String> sessions, ChildJvm child) {
        Usage usage = server.usage();
        assertThat(usage.concurrentSessions()).as("sessions held at generation %d%s", sessions.size(), child.describe())
                .isLessThanOrEqualTo(1);
        String current = sessions.get(sessions.size() - 1);
        Usage.SessionInfo now = usage.session(current).orElseThrow();
        assertThat(now.state()).isNotEqualTo(SessionState.CLOSED);
        if (sessions.size() > 1) {
            Usage.SessionInfo before = assertClosedByClient(usage, sessions.get(sessions.size() - 2));
            assertThat(before.closedAt()).as("generation %d's session closed before the next one opened", sessions.size() - 1)
                    .isBeforeOrEqualTo(now.openedAt());
        }
    }

    private static Usage.SessionInfo assertClosedByClient(Usage usage, String session) {
        Usage.SessionInfo info = usage.session(session).orElseThrow();
        assertThat(info.state()).as("session %s", session).isEqualTo(SessionState.CLOSED);
        assertThat(info.closeReason()).as("session %s", session).isEqualTo(CloseReason.CLIENT_DISCONNECT);
        return info;
    }

    /**
     * Tomcat's leak report ({@code The web application [world] appears to have started a thread named [...]}, ...),
     * one entry per kind: the message up to its first full stop, digits masked.
     */
    static List<String> tomcatLeakWarnings(ChildJvm child) {
        return child.stderr().lines().filter(l -> l.contains("The web application ["))
                .map(l -> l.substring(l.indexOf("The web application [")))
                .map(l -> l.contains(". ") ? l.substring(0, l.indexOf(". ")) : l)
                .map(l -> l.replaceAll("\\d+", "#"))
                .distinct().toList();
    }
}
