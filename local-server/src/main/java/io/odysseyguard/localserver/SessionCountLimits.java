package io.odysseyguard.localserver;

import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How many sessions may be open, which a new one must fit in: the key's concurrent-session limit (429
 * {@code CONCURRENT_LIMIT_REACHED}), checked first, then with {@code --streamers} the pool every key shares (503).
 * {@link SessionRegistry} checks it under its lock, which guards the {@link SessionTable} counted here, and adds the
 * session in the same step, so two requests cannot both take the last slot. A refusal is logged with the key's
 * fingerprint, among the registry's session lines, and a limit refusal counted for {@code /usage}: it is what a
 * leaking client sees first.
 */
final class SessionCountLimits {
    private static final Logger LOG = LoggerFactory.getLogger(SessionRegistry.class);

    private final ServerConfig config;

    SessionCountLimits(ServerConfig config) {
        this.config = config;
    }

    /** Throws what the service answers when one more session of {@code accountId} does not fit in {@code sessions}. */
    void checkRoomFor(String accountId, SessionTable sessions) {
        long active = sessions.openOf(accountId);
        if (active >= config.concurrencyLimit()) {
            sessions.refusedAtLimit(accountId);
            LOG.info("session refused: 429 CONCURRENT_LIMIT_REACHED, {} of {} held (key {})", active,
                    config.concurrencyLimit(), ApiKeys.fingerprint(accountId));
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("active_count", active);
            details.put("limit", config.concurrencyLimit());
            throw ApiException.usage("CONCURRENT_LIMIT_REACHED",
                    "You have reached your limit of " + config.concurrencyLimit() + " concurrent sessions.",
                    "Close an existing session or wait for it to time out.", details);
        }
        if (config.streamers() != ServerConfig.UNLIMITED_STREAMERS && sessions.open().size() >= config.streamers()) {
            LOG.info("session refused: 503 no streamer free, {} in use (key {})", config.streamers(),
                    ApiKeys.fingerprint(accountId));
            throw ApiException.of(503, "No streamers available");
        }
    }
}
