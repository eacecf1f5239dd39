package io.odysseyguard.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.odysseyguard.client.session.SessionCredentials;
import io.odysseyguard.hardstop.HeldSession;
import io.odysseyguard.hardstop.JvmIdentity;
import io.odysseyguard.hardstop.StatusReply;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The text and JSON the subcommands print, from reports built by hand. */
class OutputTest {
    private static final long NOW = Instant.parse("2026-12-03T13:20:00Z").toEpochMilli();
    private static final JvmIdentity JVM = new JvmIdentity(4242, NOW - 600_000, "com.acme.Main");
    private static final String TOKEN = "tok_secret_0123456789";

    private static StatusReply.Listed session(String id, long ageMillis, String site) {
        HeldSession held = new HeldSession(1, new SessionCredentials(id, "http://127.0.0.1:1", TOKEN,
                Instant.ofEpochMilli(NOW + 60_000)), NOW - ageMillis, "app", site);
        return StatusReply.Listed.of(held); // as the command gets them: without the token
    }

    @Test
    void ages() {
        assertThat(Text.age(Duration.ofMillis(-5))).isEqualTo("0s");
        assertThat(Text.age(Duration.ofSeconds(45))).isEqualTo("45s");
        assertThat(Text.age(Duration.ofSeconds(65))).isEqualTo("1m05s");
        assertThat(Text.age(Duration.ofSeconds(3 * 3600 + 4 * 60 + 59))).isEqualTo("3h04m");
        assertThat(Text.age(Duration.ofHours(51))).isEqualTo("2d03h");
        assertThat(Text.sessions(1)).isEqualTo("1 Odyssey session");
        assertThat(Text.sessions(2)).isEqualTo("2 Odyssey sessions");
    }

    @Test
    void textListsEachJvmWithATableOfItsSessions() {
        List<JvmReport> reports = List.of(
                new JvmReport(JVM, "running", 4250, "running, 2 Odyssey sessions, watchdog pid 4250", null, List.of(
                        new JvmReport.Line(session("3f9c2a1b-aaaa", 65_000, "com.acme.Video.start(Video.java:42) <- "
                                + "com.acme.Main.main(Main.java:9)"), null, null),
                        new JvmReport.Line(session("9a8b7c6d-bbbb", 5_000, "com.acme.Main.main(Main.java:12)"), null, null))),
                new JvmReport(new JvmIdentity(77, 0, "app.jar"), "gone", 0, "gone; closed 0 of 1 Odyssey session it left",
                        null, List.of(new JvmReport.Line(session("short", 1_000, "a.B.c(B.java:1)"), "unreachable",
                        "ConnectException; kept for the next reap"))));
        StringWriter text = new StringWriter();
        Text.write(new PrintWriter(text), reports, NOW);
        assertThat(text.toString()).isEqualTo("""
                pid 4242 (com.acme.Main): running, 2 Odyssey sessions, watchdog pid 4250
                  SESSION   AGE    OWNER  OPENED AT
                  3f9c2a1b  1m05s  app    com.acme.Video.start(Video.java:42) <- com.acme.Main.main(Main.java:9)
                  9a8b7c6d  5s     app    com.acme.Main.main(Main.java:12)

                pid 77 (app.jar): gone; closed 0 of 1 Odyssey session it left
                  SESSION  RESULT                                                  AGE  OWNER  OPENED AT
                  short    unreachable (ConnectException; kept for the next reap)  1s   app    a.B.c(B.java:1)
                """.replace("\n", System.lineSeparator()));
        assertThat(text.toString()).doesNotContain(TOKEN);
    }

    @Test
    void jsonHasOneObjectPerJvmAndPerSession() throws Exception {
        List<JvmReport> reports = List.of(new JvmReport(JVM, "running", 0, "released 1 of 1", null, List.of(
                new JvmReport.Line(session("3f9c2a1b-aaaa", 65_000, "com.acme.Main.main(Main.java:9)"), "released", null))));
        StringWriter out = new StringWriter();
        JsonReport.write(new PrintWriter(out), "release", Path.of("/state"), reports, NOW);
        assertThat(out.toString()).doesNotContain(TOKEN);

        JsonNode json = new ObjectMapper().readTree(out.toString());
        assertThat(json.path("command").asText()).isEqualTo("release");
        assertThat(json.path("stateDir").asText()).isEqualTo(Path.of("/state").toString());
        JsonNode jvm = json.path("jvms").get(0);
        assertThat(jvm.path("pid").asLong()).isEqualTo(4242);
        assertThat(jvm.path("startedAt").asText()).isEqualTo("2026-12-03T13:10:00Z");
        assertThat(jvm.path("mainClass").asText()).isEqualTo("com.acme.Main");
        assertThat(jvm.path("state").asText()).isEqualTo("running");
        assertThat(jvm.path("watchdogPid").isNull()).isTrue();
        assertThat(jvm.path("problem").isNull()).isTrue();
        JsonNode s = jvm.path("sessions").get(0);
        assertThat(s.path("id").asText()).isEqualTo("3f9c2a1b-aaaa");
        assertThat(s.path("shortId").asText()).isEqualTo("3f9c2a1b");
        assertThat(s.path("openedAt").asText()).isEqualTo("2026-12-03T13:18:55Z");
        assertThat(s.path("ageSeconds").asLong()).isEqualTo(65);
        assertThat(s.path("owner").asText()).isEqualTo("app");
        assertThat(s.path("site").asText()).isEqualTo("com.acme.Main.main(Main.java:9)");
        assertThat(s.path("result").asText()).isEqualTo("released");
        assertThat(s.path("detail").isNull()).isTrue();
    }
}
