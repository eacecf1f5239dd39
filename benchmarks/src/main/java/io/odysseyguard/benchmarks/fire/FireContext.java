package io.odysseyguard.benchmarks.fire;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * What every phase of the run shares: the server's address, the bound on every wait, the truth and the tallies, and
 * the fixtures bad inputs need to get past the first check (a valid key and access token, a session of another key).
 */
public final class FireContext {

    /** The keys the server accepts (it is started with exactly these, so any other well-formed key is a 401). */
    public static final String FUZZ_KEY = "ody_fire_fuzz_key_0001";
    public static final String FOREIGN_KEY = "ody_fire_foreign_key_0002";
    public static final String CHURN_KEY = "ody_fire_churn_key_0003";

    public final int port;
    public final String baseUrl;
    public final Duration bound;
    public final Duration sessionTokenTtl;
    public final Failures failures;
    public final Answers answers;
    public final SecretWatch secrets;
    public final SessionLedger ledger;
    public final WellBehavedClient client;

    /** The fuzzing key's access token, and another key's (for "foreign" inputs) and that key's open session. */
    public final String accessToken;
    public final String foreignAccessToken;
    public final WellBehavedClient.Grant foreignSession;

    /** Session tokens with the time they were issued: once older than their lifetime, the expired tokens to send. */
    private final Deque<AgedToken> agedTokens = new ArrayDeque<>();

    private record AgedToken(String token, long issuedAtNanos) {
    }

    FireContext(int port, Duration bound, Duration sessionTokenTtl, Failures failures, SecretWatch secrets,
                SessionLedger ledger, WellBehavedClient client) {
        this.port = port;
        this.baseUrl = "http://127.0.0.1:" + port;
        this.bound = bound;
        this.sessionTokenTtl = sessionTokenTtl;
        this.failures = failures;
        this.secrets = secrets;
        this.answers = new Answers(failures, secrets);
        this.ledger = ledger;
        this.client = client;
        secrets.remember(FUZZ_KEY);
        secrets.remember(FOREIGN_KEY);
        secrets.remember(CHURN_KEY);
        this.accessToken = client.accessToken(FUZZ_KEY);
        this.foreignAccessToken = client.accessToken(FOREIGN_KEY);
        this.foreignSession = client.requestSession(foreignAccessToken);
    }

    /** A fresh session token for a session, kept to be sent again once it has expired. */
    public String sessionToken(String sessionId) {
        String token = client.sessionToken(accessToken, sessionId);
        synchronized (agedTokens) {
            agedTokens.addLast(new AgedToken(token, System.nanoTime()));
            while (agedTokens.size() > 1000) {
                agedTokens.removeFirst();
            }
        }
        return token;
    }

    /** A session token past its lifetime (by two seconds, as a JWT's expiry is in whole seconds), or null if none yet. */
    public String expiredSessionToken() {
        long oldEnough = System.nanoTime() - sessionTokenTtl.plusSeconds(2).toNanos();
        synchronized (agedTokens) {
            AgedToken oldest = agedTokens.peekFirst();
            return oldest != null && oldest.issuedAtNanos() - oldEnough < 0 ? oldest.token() : null;
        }
    }

    /** A session of the fuzzing key, in the ledger. */
    public WellBehavedClient.Grant newSession() {
        return client.requestSession(accessToken);
    }

    /** Ends a session the harness no longer needs; a session it cannot end is a failure (the slot would leak). */
    public void release(WellBehavedClient.Grant grant, String what) {
        String whyNot = client.closeOrWhyNot(accessToken, grant);
        if (whyNot != null) {
            failures.record(FailureKind.SESSION_NOT_RELEASED, what + ": session " + grant.sessionId() + ": " + whyNot);
        }
    }

    /** Ends the session if the ledger still counts it open (after an input that failed half-way). */
    public void releaseIfOpen(WellBehavedClient.Grant grant, String what) {
        if (ledger.isOpen(grant.sessionId())) {
            release(grant, what);
        }
    }

    /** The socket path of a session, with this token (URL-encoded by the caller where it needs to be). */
    public static String socketPath(String sessionId, String tokenQuery) {
        return "/signalling/client/" + sessionId + (tokenQuery == null ? "" : "?token=" + tokenQuery);
    }
}
