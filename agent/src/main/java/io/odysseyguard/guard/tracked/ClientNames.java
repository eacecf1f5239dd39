package io.odysseyguard.guard.tracked;

/**
 * The Odyssey client's names the guard uses by reflection, in one place: the bootstrap part never links to the client
 * (it is the application's, in whichever class loader it was loaded), and the hard-stop part reads it the same way.
 */
public final class ClientNames {
    /** {@code SessionCredentials sessionCredentials()}: the connected session's, or null. */
    public static final String SESSION_CREDENTIALS = "sessionCredentials";
    /**
     * {@code List<SessionCredentials> lostSessionCredentials()}: the sessions whose connection was lost (or whose
     * close is under way) and that the client is still ending from their credentials.
     */
    public static final String LOST_SESSION_CREDENTIALS = "lostSessionCredentials";
    /** The accessors of the client's {@code SessionCredentials} record, in the order of its components. */
    public static final String[] CREDENTIALS_ACCESSORS = {"sessionId", "signallingUrl", "sessionToken", "expiresAt"};
    /** What a refused connect throws when the service answers {@code CONCURRENT_LIMIT_REACHED}. */
    public static final String LIMIT_EXCEPTION = "io.odysseyguard.client.ConcurrentLimitReachedException";
    /** Its {@code int limit()} and {@code int activeCount()}. */
    public static final String LIMIT = "limit";
    public static final String ACTIVE_COUNT = "activeCount";

    private ClientNames() {
    }
}
