package io.odysseyguard.client;

import io.odysseyguard.client.session.SessionCredentials;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Properties;

/**
 * Runs in a child JVM for the tests that need a real process to die or exit. Reads the API key and
 * URL from ODYSSEY_API_KEY / ODYSSEY_API_URL (so the environment fallback is exercised too), connects,
 * prints {@code connected <session id>} and then, by mode:
 * <ul>
 *   <li>{@code wait}: sleeps until the test kills the process;</li>
 *   <li>{@code return}: returns from main without disconnecting (a forgotten client);</li>
 *   <li>{@code hook}: registers a shutdown hook that calls {@code disconnect()}, then returns from main;</li>
 *   <li>{@code credentials FILE}: writes {@code sessionCredentials()} to FILE (see {@link #writeCredentials}) before it
 *       prints {@code connected}, and again each time they change, printing {@code credentials written N} (never the
 *       token) after the N-th; sleeps until the test kills the process. Test-only: a watchdog would get them another
 *       way.</li>
 * </ul>
 */
public final class ChildClientMain {

    private ChildClientMain() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        OdysseyClient client = OdysseyClient.builder()
                .keepaliveInterval(Duration.ofMillis(Long.parseLong(args[1])))
                .build();
        client.connect();
        if (mode.equals("hook")) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                client.disconnect();
                System.out.println("disconnected in hook");
                System.out.flush();
            }, "test-disconnect-hook"));
        }
        SessionCredentials written = null;
        if (mode.equals("credentials")) {
            written = writeCredentials(client.sessionCredentials(), Path.of(args[2]));
        }
        System.out.println("connected " + client.sessionId());
        System.out.flush();
        if (mode.equals("credentials")) {
            for (int n = 2; ; ) {
                Thread.sleep(20);
                SessionCredentials now = client.sessionCredentials();
                if (now != null && !now.equals(written)) {
                    written = writeCredentials(now, Path.of(args[2]));
                    System.out.println("credentials written " + n++);
                    System.out.flush();
                }
            }
        }
        if (mode.equals("wait")) {
            Thread.sleep(Long.MAX_VALUE);
        }
    }

    /** As a properties file, replaced whole (written aside, then moved over), so a reader never sees half of it. */
    static SessionCredentials writeCredentials(SessionCredentials credentials, Path file) throws IOException {
        Properties properties = new Properties();
        properties.setProperty("sessionId", credentials.sessionId());
        properties.setProperty("signallingUrl", credentials.signallingUrl());
        properties.setProperty("sessionToken", credentials.sessionToken());
        properties.setProperty("expiresAt", credentials.expiresAt().toString());
        Path aside = file.resolveSibling(file.getFileName() + ".tmp");
        try (Writer out = Files.newBufferedWriter(aside)) {
            properties.store(out, null);
        }
        Files.move(aside, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return credentials;
    }

    /** What {@link #writeCredentials} wrote. */
    static SessionCredentials readCredentials(Path file) throws IOException {
        Properties properties = new Properties();
        try (var in = Files.newBufferedReader(file)) {
            properties.load(in);
        }
        return new SessionCredentials(properties.getProperty("sessionId"), properties.getProperty("signallingUrl"),
                properties.getProperty("sessionToken"), java.time.Instant.parse(properties.getProperty("expiresAt")));
    }
}
