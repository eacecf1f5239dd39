package io.odysseyguard.client;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * What the client sends as its {@code User-Agent}, so that the service's list of sessions says who holds each one:
 * {@code odyssey-java-client/0.1.0 (Java 17.0.12)}, and, when the Odyssey Guard agent runs in this JVM,
 * {@code odyssey-java-client/0.1.0 (Java 17.0.12; odyssey-guard 0.1.0; pid 12345; main acme.App)}: a session left
 * open can then be traced to the process that holds it. The agent publishes its part in the system property
 * {@value #GUARD_PROPERTY} once it is ready; it is read at each request (the agent may be attached later), kept to
 * printable ASCII and {@value #GUARD_MAX_LENGTH} characters. Nothing else of the machine is sent: no secrets, no paths.
 */
final class ClientIdentity {
    /** Set by the Odyssey Guard agent: {@code odyssey-guard <version>; pid <pid>; main <main class or jar name>}. */
    static final String GUARD_PROPERTY = "io.odysseyguard.agent";
    static final int GUARD_MAX_LENGTH = 150;

    /** {@code odyssey-java-client/<version> (Java <version>}, without the closing parenthesis. */
    private static final String BASE = "odyssey-java-client/" + printable(clientVersion(), 40)
            + " (Java " + printable(System.getProperty("java.version", "unknown"), 40);

    private ClientIdentity() {
    }

    /** The {@code User-Agent} for a request made now. */
    static String userAgent() {
        String guard = System.getProperty(GUARD_PROPERTY);
        if (guard == null || guard.isBlank()) {
            return BASE + ")";
        }
        return BASE + "; " + printable(guard.strip(), GUARD_MAX_LENGTH) + ")";
    }

    /** The version in the client's filtered {@code client.properties}; "unknown" when it was not filtered. */
    static String clientVersion() {
        Properties p = new Properties();
        try (InputStream in = ClientIdentity.class.getResourceAsStream("client.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException | IllegalArgumentException e) {
            return "unknown";
        }
        String v = p.getProperty("version", "").strip();
        return v.isEmpty() || v.startsWith("${") ? "unknown" : v;
    }

    /**
     * At most {@code max} characters of printable ASCII; anything else, and the parentheses and backslash that would
     * end or escape the header's comment, becomes '?'.
     */
    static String printable(String s, int max) {
        StringBuilder out = new StringBuilder(Math.min(s.length(), max));
        for (int i = 0; i < s.length() && out.length() < max; i++) {
            char c = s.charAt(i);
            out.append(c < 0x20 || c > 0x7e || c == '(' || c == ')' || c == '\\' ? '?' : c);
        }
        return out.toString();
    }
}
