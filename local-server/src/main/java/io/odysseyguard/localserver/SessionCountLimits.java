package io.odysseyguard.localserver;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How many sessions may be open, which a new one must fit in: the key's concurrent-session limit (429
 * {@code CONCURRENT_LIMIT_REACHED}), checked first, then with {@code --streamers} the pool every key shares (503).
 * Only reads: {@link SessionRegistry} checks it under its lock, which guards the {@link SessionTable} counted here,
 * and adds the session in the same step, so two requests cannot both take the last slot.
 */
final class SessionCountLimits {

    private final ServerConfig config;

    SessionCountLimits(ServerConfig config) {
        this.config = config;
    }

    /** Throws what the service answers when one more session of {@code accountId} does not fit in {@code sessions}. */
    void checkRoomFor(String accountId, SessionTable sessions) {
        long active = sessions.openOf(accountId);
        if (active >= config.concurrencyLimit()) {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("active_count", active);
            details.put("limit", config.concurrencyLimit());
            throw ApiException.usage("CONCURRENT_LIMIT_REACHED",
                    "You have reached your limit of " + config.concurrencyLimit() + " concurrent sessions.",
                    "Close an existing session or wait for it to time out.", details);
        }
        if (config.streamers() != ServerConfig.UNLIMITED_STREAMERS && sessions.open().size() >= config.streamers()) {
            throw ApiException.of(503, "No streamers available");
        }
    }
}
