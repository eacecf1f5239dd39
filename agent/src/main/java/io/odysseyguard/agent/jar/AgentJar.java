package io.odysseyguard.agent.jar;

import java.net.URI;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;

/**
 * Finds the agent jar a class of it was loaded from: the jar itself, or (in a workspace build) the agent module's
 * classes directory, with {@value #WORKSPACE_JAR_NAME} beside it. Public for the reason given at
 * {@link SelfAttach.Result#Result}.
 */
public final class AgentJar {
    /** The agent module's jar name ({@code agent/target/odyssey-guard-agent.jar}) when built in a workspace. */
    public static final String WORKSPACE_JAR_NAME = "odyssey-guard-agent.jar";

    private AgentJar() {
    }

    /** The agent jar {@code anchor} (a class of the agent jar) came from, or null. Never throws. */
    public static Path of(Class<?> anchor) {
        try {
            String resource = resourceName(anchor);
            URL url = anchor.getResource("/" + resource);
            Path jar = url == null ? null : fromUrl(url, resource);
            if (jar == null) {
                CodeSource source = anchor.getProtectionDomain().getCodeSource();
                URL location = source == null ? null : source.getLocation();
                jar = location == null ? null : fromUrl(location, resource);
            }
            return jar;
        } catch (Throwable t) {
            return null;
        }
    }

    /** {@code io/odysseyguard/agent/SelfAttach.class} */
    static String resourceName(Class<?> c) {
        return c.getName().replace('.', '/') + ".class";
    }

    /**
     * The agent jar for a URL of the class resource {@code resource} or of its code source:
     * {@code jar:file:/x.jar!/...} is {@code /x.jar}; a classes directory ({@code file:/ws/agent/target/classes/...}) has
     * the jar beside it ({@code /ws/agent/target/odyssey-guard-agent.jar}); a {@code file:} URL of a jar is that jar.
     * Null when there is no such file.
     */
    static Path fromUrl(URL url, String resource) throws Exception {
        String s = url.toString();
        if (s.startsWith("jar:")) {
            int bang = s.indexOf("!/");
            if (bang < 0 || !s.startsWith("jar:file:")) {
                return null;
            }
            Path jar = Path.of(new URI(s.substring(4, bang)));
            return Files.isRegularFile(jar) ? jar : null;
        }
        if (!s.startsWith("file:")) {
            return null;
        }
        Path classes;
        if (s.endsWith(resource)) {
            classes = Path.of(new URI(s.substring(0, s.length() - resource.length())));
        } else {
            Path p = Path.of(url.toURI());
            if (Files.isRegularFile(p)) {
                return p;
            }
            classes = p;
        }
        Path jar = classes.toAbsolutePath().normalize().resolveSibling(WORKSPACE_JAR_NAME);
        return Files.isRegularFile(jar) ? jar : null;
    }
}
