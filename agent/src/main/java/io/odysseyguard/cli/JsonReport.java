package io.odysseyguard.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.odysseyguard.hardstop.StatusReply;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * The command's {@code --json} output, written with jackson-core's streaming generator:
 *
 * <pre>{@code
 * {
 *   "command" : "list",
 *   "stateDir" : "/home/me/.local/state/odyssey-guard",
 *   "jvms" : [ {
 *     "pid" : 4242,
 *     "startedAt" : "2026-12-03T13:10:00.123Z",
 *     "mainClass" : "com.acme.Main",
 *     "state" : "running",          // or "not-answering", "gone"
 *     "watchdogPid" : 4250,         // null: none, or not known
 *     "problem" : null,             // why a running JVM could not be asked
 *     "sessions" : [ {
 *       "id" : "3f9c2a1b-...", "shortId" : "3f9c2a1b",
 *       "openedAt" : "2026-12-03T13:10:01.456Z", "ageSeconds" : 65,
 *       "owner" : "app", "site" : "com.acme.Main.main(Main.java:9)",
 *       "result" : "released",      // release and reap only
 *       "detail" : null
 *     } ]
 *   } ]
 * }
 * }</pre>
 */
final class JsonReport {
    private static final JsonFactory FACTORY = new JsonFactory();

    private JsonReport() {
    }

    static void write(PrintWriter out, String command, Path stateDir, List<JvmReport> jvms, long nowMillis)
            throws IOException {
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeStringField("command", command);
            g.writeStringField("stateDir", stateDir.toString());
            g.writeArrayFieldStart("jvms");
            for (JvmReport jvm : jvms) {
                jvm(g, jvm, nowMillis);
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        out.println();
        out.flush();
    }

    private static void jvm(JsonGenerator g, JvmReport jvm, long nowMillis) throws IOException {
        g.writeStartObject();
        g.writeNumberField("pid", jvm.jvm().pid());
        instant(g, "startedAt", jvm.jvm().startMillis());
        g.writeStringField("mainClass", jvm.jvm().mainClass());
        g.writeStringField("state", jvm.state());
        if (jvm.watchdogPid() > 0) {
            g.writeNumberField("watchdogPid", jvm.watchdogPid());
        } else {
            g.writeNullField("watchdogPid");
        }
        g.writeStringField("problem", jvm.problem());
        g.writeArrayFieldStart("sessions");
        for (JvmReport.Line line : jvm.sessions()) {
            StatusReply.Listed s = line.session();
            g.writeStartObject();
            g.writeStringField("id", s.sessionId());
            g.writeStringField("shortId", s.shortId());
            instant(g, "openedAt", s.openedAtMillis());
            g.writeNumberField("ageSeconds", Math.max(0, (nowMillis - s.openedAtMillis()) / 1000));
            g.writeStringField("owner", s.owner());
            g.writeStringField("site", s.site());
            if (line.result() != null) {
                g.writeStringField("result", line.result());
                g.writeStringField("detail", line.detail());
            }
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    /** An ISO-8601 instant, or null when not known (0). */
    private static void instant(JsonGenerator g, String name, long millis) throws IOException {
        if (millis > 0) {
            g.writeStringField(name, Instant.ofEpochMilli(millis).toString());
        } else {
            g.writeNullField(name);
        }
    }
}
