package io.odysseyguard.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ConnectException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SecretsTest {

    private static final String TOKEN = "eyJhbGciOiJIUzI1NiJ9.eyJzZXNzaW9uX2lkIjoiYSJ9.c2lnbmF0dXJl+/=";

    @Test
    void redactsPlainAndUrlEncodedSecrets() {
        Secrets secrets = new Secrets();
        secrets.add(TOKEN);
        String url = "ws://127.0.0.1:1/signalling/client/a?token=" + URLEncoder.encode(TOKEN, StandardCharsets.UTF_8);
        assertThat(secrets.redact(url)).doesNotContain(TOKEN)
                .doesNotContain(URLEncoder.encode(TOKEN, StandardCharsets.UTF_8))
                .endsWith("token=" + Secrets.MASK);
        assertThat(secrets.redact("nothing secret")).isEqualTo("nothing secret");
    }

    @Test
    void scrubsACauseChainThatMentionsASecretAndKeepsACleanOne() {
        Secrets secrets = new Secrets();
        secrets.add(TOKEN);
        Exception dirty = new RuntimeException("wrapper", new ConnectException("cannot reach ws://h/x?token=" + TOKEN));
        Throwable scrubbed = secrets.scrub(dirty);
        StringWriter trace = new StringWriter();
        scrubbed.printStackTrace(new PrintWriter(trace));
        assertThat(trace.toString()).doesNotContain(TOKEN).contains("java.net.ConnectException").contains(Secrets.MASK);

        Exception clean = new ConnectException("Connection refused");
        assertThat(secrets.scrub(clean)).isSameAs(clean);
    }

    @Test
    void aSessionTokenInAFailedSocketOpenNeverReachesTheException() {
        // The socket URL carries the token; a real connection failure to a closed port must not leak it.
        Secrets secrets = new Secrets();
        secrets.add(TOKEN);
        java.net.URI uri = new io.odysseyguard.client.session.SessionCredentials("session-1", "http://127.0.0.1:1/signalling", TOKEN, java.time.Instant.now()).socketUri();
        assertThat(uri.toString()).startsWith("ws://127.0.0.1:1/signalling/client/session-1?token=");
        try {
            SignalingConnection.open(java.net.http.HttpClient.newHttpClient(), uri, java.time.Duration.ofSeconds(5),
                    new SignalingConnection.Events() {
                        @Override
                        public void onMessage(String type, com.fasterxml.jackson.databind.JsonNode message) {
                        }

                        @Override
                        public void onClosed(int code, String reason, boolean byServer) {
                        }
                    }, secrets);
            throw new AssertionError("port 1 should refuse the connection");
        } catch (OdysseyException e) {
            StringWriter trace = new StringWriter();
            e.printStackTrace(new PrintWriter(trace));
            assertThat(trace.toString()).doesNotContain(TOKEN)
                    .doesNotContain(URLEncoder.encode(TOKEN, StandardCharsets.UTF_8));
        }
    }
}
