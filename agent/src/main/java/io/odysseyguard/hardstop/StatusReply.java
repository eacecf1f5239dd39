package io.odysseyguard.hardstop;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * What a guarded JVM says about itself on its control socket, and what the command reads back: the JVM, its watchdog's
 * pid, and its sessions without their tokens.
 */
public final class StatusReply {

    /** One JVM's sessions as the command lists them. */
    public record JvmSessions(JvmIdentity jvm, long watchdogPid, List<Listed> sessions) {
    }

    /** One session, nothing secret in it. */
    public record Listed(String sessionId, long openedAtMillis, String owner, String site) {
        public static Listed of(HeldSession s) {
            return new Listed(s.sessionId(), s.openedAtMillis(), s.owner(), s.site());
        }

        public String shortId() {
            return sessionId.length() <= 8 ? sessionId : sessionId.substring(0, 8);
        }
    }

    private StatusReply() {
    }

    public static void write(Properties reply, JvmIdentity jvm, long watchdogPid, List<HeldSession> held) {
        reply.setProperty("pid", Long.toString(jvm.pid()));
        reply.setProperty("start", Long.toString(jvm.startMillis()));
        reply.setProperty("main", jvm.mainClass());
        reply.setProperty("watchdog", Long.toString(watchdogPid));
        reply.setProperty("sessions", Integer.toString(held.size()));
        for (int i = 0; i < held.size(); i++) {
            HeldSession s = held.get(i);
            reply.setProperty("session." + i + ".id", s.sessionId());
            reply.setProperty("session." + i + ".opened", Long.toString(s.openedAtMillis()));
            reply.setProperty("session." + i + ".owner", s.owner());
            reply.setProperty("session." + i + ".site", s.site());
        }
    }

    /** Reads a reply; a malformed one throws {@link IllegalArgumentException}. */
    public static JvmSessions read(Properties reply) {
        try {
            JvmIdentity jvm = new JvmIdentity(Long.parseLong(reply.getProperty("pid")),
                    Long.parseLong(reply.getProperty("start")), reply.getProperty("main", "unknown"));
            int n = Integer.parseInt(reply.getProperty("sessions"));
            List<Listed> sessions = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                sessions.add(new Listed(reply.getProperty("session." + i + ".id"),
                        Long.parseLong(reply.getProperty("session." + i + ".opened")),
                        reply.getProperty("session." + i + ".owner", ""),
                        reply.getProperty("session." + i + ".site", "")));
            }
            return new JvmSessions(jvm, Long.parseLong(reply.getProperty("watchdog", "0")), sessions);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a status reply", e);
        }
    }
}
