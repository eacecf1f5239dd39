package io.odysseyguard.quarkus.deployment;

import java.io.File;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;

import io.odysseyguard.quarkus.runtime.GuardAccess;
import io.odysseyguard.quarkus.runtime.OdysseyGuardConfig;

/**
 * Makes sure the Odyssey Guard agent is installed in this JVM. Given with {@code -javaagent}: nothing to do.
 * Otherwise it is loaded into this JVM through the JDK's attach mechanism: in process when
 * {@code -Djdk.attach.allowAttachSelf=true} allows it, else from a short-lived helper process ({@code jcmd <pid>
 * JVMTI.agent_load}), since a JVM may not attach to itself by default. Never throws: without the agent the
 * application runs as before, with one warning.
 */
final class AgentInstaller {
    private static final Logger LOG = Logger.getLogger(AgentInstaller.class);
    static final String AGENT_CLASS_RESOURCE = "io/odysseyguard/agent/OdysseyGuardAgent.class";
    /** The agent module's jar name ({@code agent/target/odyssey-guard-agent.jar}) when built in a workspace. */
    static final String WORKSPACE_JAR_NAME = "odyssey-guard-agent.jar";
    private static volatile boolean warned;

    private AgentInstaller() {
    }

    static synchronized boolean ensureInstalled(OdysseyGuardConfig config) {
        if (GuardAccess.agentActive()) {
            return true;
        }
        if (!config.selfAttach()) {
            warnOnce("odyssey-guard: the agent is not installed and quarkus.odyssey-guard.self-attach=false;"
                    + " live reloads release nothing (add -javaagent:odyssey-guard-agent.jar to the JVM options)");
            return false;
        }
        try {
            Path jar = agentJar();
            if (jar == null) {
                warnOnce("odyssey-guard: the agent jar was not found on the extension's class path; live reloads"
                        + " release nothing (add -javaagent:odyssey-guard-agent.jar to the JVM options)");
                return false;
            }
            String options = "release-timeout=" + Math.max(1, config.releaseTimeout().toMillis()) + "ms,exit-budget="
                    + Math.max(1, config.exitBudget().toMillis()) + "ms";
            attach(jar, options);
            if (GuardAccess.agentActive()) {
                LOG.debugf("odyssey-guard: agent installed into this JVM from %s", jar);
                return true;
            }
            warnOnce("odyssey-guard: installing the agent into this JVM did not succeed; live reloads release nothing"
                    + " (add -javaagent:odyssey-guard-agent.jar to the JVM options)");
        } catch (Throwable t) {
            warnOnce("odyssey-guard: installing the agent into this JVM failed (" + t.getClass().getName()
                    + "); live reloads release nothing (add -javaagent:odyssey-guard-agent.jar to the JVM options)");
        }
        return false;
    }

    private static void warnOnce(String message) {
        if (!warned) {
            warned = true;
            LOG.warn(message);
        }
    }

    /**
     * The agent jar: the artifact this deployment module depends on. Resolved from a repository it is the jar
     * itself; resolved from a workspace (the extension's own build and tests) it may be the agent module's class
     * directory, next to which the build leaves the jar.
     */
    static Path agentJar() throws Exception {
        ClassLoader cl = AgentInstaller.class.getClassLoader();
        URL url = cl == null ? null : cl.getResource(AGENT_CLASS_RESOURCE);
        if (url == null) {
            return null;
        }
        return agentJar(url);
    }

    static Path agentJar(URL url) throws Exception {
        String s = url.toString();
        if (s.startsWith("jar:")) {
            int bang = s.indexOf("!/");
            Path jar = Path.of(new URI(s.substring(4, bang)));
            return Files.isRegularFile(jar) ? jar : null;
        }
        if (s.startsWith("file:") && s.endsWith(AGENT_CLASS_RESOURCE)) {
            Path classes = Path.of(new URI(s.substring(0, s.length() - AGENT_CLASS_RESOURCE.length())));
            Path jar = classes.resolveSibling(WORKSPACE_JAR_NAME);
            return Files.isRegularFile(jar) ? jar : null;
        }
        return null;
    }

    private static void attach(Path jar, String options) throws Exception {
        String pid = Long.toString(ProcessHandle.current().pid());
        if (Boolean.getBoolean("jdk.attach.allowAttachSelf")) {
            com.sun.tools.attach.VirtualMachine vm = com.sun.tools.attach.VirtualMachine.attach(pid);
            try {
                vm.loadAgent(jar.toString(), options);
            } finally {
                vm.detach();
            }
            return;
        }
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", isWindows() ? "jcmd.exe" : "jcmd");
        if (!Files.isExecutable(jcmd)) {
            throw new IllegalStateException("no jcmd in this JDK");
        }
        List<String> command = new ArrayList<>();
        command.add(jcmd.toString());
        command.add(pid);
        command.add("JVMTI.agent_load");
        // Quoted: jcmd's parser splits on spaces and would read an unquoted key=value as an option of its own.
        command.add('"' + jar.toString() + '"');
        command.add('"' + options + '"');
        File log = Files.createTempFile("odyssey-guard-attach", ".log").toFile();
        Thread thread = Thread.currentThread();
        ClassLoader tccl = thread.getContextClassLoader();
        try {
            // The JDK's process reaper thread, created on the first start, inherits the context class loader.
            thread.setContextClassLoader(null);
            Process p;
            try {
                p = new ProcessBuilder(command).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.to(log)).start();
            } finally {
                thread.setContextClassLoader(tccl);
            }
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("jcmd did not finish within 60 s");
            }
            if (p.exitValue() != 0) {
                LOG.debugf("odyssey-guard: jcmd exited with %d: %s", p.exitValue(),
                        Files.readString(log.toPath(), StandardCharsets.UTF_8));
            }
        } finally {
            Files.deleteIfExists(log.toPath());
        }
    }

    private static boolean isWindows() {
        return System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).startsWith("windows");
    }
}
