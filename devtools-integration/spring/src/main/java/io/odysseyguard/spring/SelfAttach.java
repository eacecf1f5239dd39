package io.odysseyguard.spring;

import java.io.File;
import java.io.IOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Attaches the Odyssey Guard agent jar to this JVM through the Attach API, from a short-lived helper JVM
 * ({@link AttachHelper}) as ByteBuddy's agent does: a JVM may attach to itself only with
 * {@code -Djdk.attach.allowAttachSelf=true}. The agent jar is found where the class loader found the agent's
 * classes (the {@code odyssey-guard-agent} dependency). Blocks until the agent's {@code agentmain} has run, at most
 * {@value #TIMEOUT_SECONDS} s. Reports through standard error with the agent's {@code odyssey-guard:} prefix.
 */
final class SelfAttach {
    static final String AGENT_CLASS_RESOURCE = "io/odysseyguard/agent/OdysseyGuardAgent.class";
    static final long TIMEOUT_SECONDS = 60;

    private SelfAttach() {
    }

    static void attach(String reason) throws Exception {
        Path agentJar = agentJar();
        if (agentJar == null) {
            warn("the odyssey-guard-agent jar is not on the class path; " + reason + " is not guarded."
                    + " Add -javaagent:odyssey-guard-agent.jar instead");
            return;
        }
        Path java = Path.of(System.getProperty("java.home"), "bin", isWindows() ? "java.exe" : "java");
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.add("-Xshare:auto");
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-cp");
        command.add(location(AttachHelper.class).toString());
        command.add(AttachHelper.class.getName());
        command.add(Long.toString(ProcessHandle.current().pid()));
        command.add(agentJar.toString());
        Path output = Files.createTempFile("odyssey-guard-attach-", ".txt");
        try {
            Process helper = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
            if (!helper.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                helper.destroyForcibly();
                warn("attaching the agent took longer than " + TIMEOUT_SECONDS + " s; " + reason + " is not guarded");
                return;
            }
            if (helper.exitValue() != 0 || !OdysseyGuardDevToolsListener.isAgentInstalled()) {
                String said = Files.readString(output, StandardCharsets.UTF_8).strip();
                warn("could not attach the agent (" + (said.isEmpty() ? "exit " + helper.exitValue() : said) + "); "
                        + reason + " is not guarded. Add -javaagent:" + agentJar + " instead");
                return;
            }
        } finally {
            Files.deleteIfExists(output);
        }
        if (!Boolean.getBoolean("odyssey.guard.quiet")) {
            info("agent installed for " + reason + " (attached " + agentJar.getFileName() + ")");
        }
    }

    /** The agent jar on the class path, or null (not there, or only a classes directory without a manifest). */
    static Path agentJar() throws IOException, URISyntaxException {
        URL url = SelfAttach.class.getClassLoader().getResource(AGENT_CLASS_RESOURCE);
        if (url == null) {
            return null;
        }
        if ("jar".equals(url.getProtocol())) {
            URL jar = ((JarURLConnection) url.openConnection()).getJarFileURL();
            return "file".equals(jar.getProtocol()) ? Path.of(jar.toURI()) : null;
        }
        return null;
    }

    private static Path location(Class<?> type) throws URISyntaxException {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    private static boolean isWindows() {
        return File.separatorChar == '\\';
    }

    static void info(String message) {
        System.err.println("odyssey-guard: " + message);
    }

    static void warn(String message) {
        info("warning: " + message);
    }
}
