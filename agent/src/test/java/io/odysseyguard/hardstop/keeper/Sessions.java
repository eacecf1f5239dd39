package io.odysseyguard.hardstop.keeper;

import io.odysseyguard.client.session.SessionCredentials;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Stand-ins for the keeper's unit tests: connections whose sessions the test sets, and their credentials. */
final class Sessions {
    private Sessions() {
    }

    static SessionCredentials credentials(String id, String token) {
        return new SessionCredentials(id, "ws://127.0.0.1:1/signal", token, Instant.ofEpochMilli(1_800_000_000_000L));
    }

    /** A connection: the sessions it holds now (set by the test), and how often it was read. */
    static final class Conn {
        final String site;
        volatile List<SessionCredentials> holds = new ArrayList<>();
        int reads;

        Conn(String site) {
            this.site = site;
        }

        Conn holding(SessionCredentials... sessions) {
            holds = List.of(sessions);
            return this;
        }
    }

    /** How the ledger reads a {@link Conn}. */
    static final class Source implements SessionLedger.Source<Conn> {
        @Override
        public List<SessionCredentials> credentials(Conn c) {
            c.reads++;
            return c.holds;
        }

        @Override
        public long openedAtMillis(Conn c) {
            return 1_700_000_000_000L;
        }

        @Override
        public String owner(Conn c) {
            return "app";
        }

        @Override
        public String site(Conn c) {
            return c.site;
        }
    }
}
