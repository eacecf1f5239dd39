package io.odysseyguard.localserver;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.ToDoubleFunction;

/**
 * What {@code GET /usage} reports, read off the sessions and the stream time: one account's {@link Usage}, or every
 * account's apart in a {@link UsageByKey}. It only reads. Not thread-safe: the {@link SessionRegistry} calls it under
 * its lock, which guards the {@link SessionTable} and the {@link StreamTime} it reads.
 */
final class UsageReports {

    /** The per-key limit every report states (the same for every key). */
    private final int concurrencyLimit;
    private final SessionTable sessions;
    private final StreamTime streams;

    UsageReports(ServerConfig config, SessionTable sessions, StreamTime streams) {
        this.concurrencyLimit = config.concurrencyLimit();
        this.sessions = sessions;
        this.streams = streams;
    }

    /**
     * Sessions and stream time of one account, or summed over all accounts when {@code accountId} is null; the
     * sessions closed before {@code since} left out of the list (not out of the numbers).
     */
    Usage usage(String accountId, double simulationSeconds, Instant since) {
        Instant now = Instant.now();
        int concurrent = 0;
        int running = 0;
        for (Session s : sessions.open()) {
            if (accountId == null || s.accountId.equals(accountId)) {
                concurrent++;
                running += s.streamStartedAt != null ? 1 : 0;
            }
        }
        return new Usage(accountId == null ? null : ApiKeys.fingerprint(accountId), concurrent, running,
                concurrencyLimit, sessions.limitRefusalsOf(accountId), streams.seconds(accountId, sessions.open(), now),
                simulationSeconds, now,
                sessions.newestFirst(accountId, since).stream().map(Session::info).toList());
    }

    /**
     * Every account's numbers apart, each against its own limit: the accounts that hold a session now or have one in
     * the list (closed before {@code since} left out), in the order their first listed session came.
     */
    UsageByKey usageByKey(ToDoubleFunction<String> simulationSecondsOf, Instant since) {
        Instant now = Instant.now();
        List<Session> listed = sessions.newestFirst(null, since);
        Set<String> accounts = new LinkedHashSet<>();
        for (int i = listed.size() - 1; i >= 0; i--) {
            accounts.add(listed.get(i).accountId);
        }
        List<UsageByKey.KeyUsage> keys = new ArrayList<>();
        for (String account : accounts) {
            Usage one = usage(account, simulationSecondsOf.applyAsDouble(account), now);
            keys.add(new UsageByKey.KeyUsage(one.keyFingerprint(), one.concurrentSessions(), one.concurrentLimit(),
                    one.limitRefusals(), one.activeStreams(), one.totalStreamSeconds(), one.simulationSeconds()));
        }
        Usage all = usage(null, simulationSecondsOf.applyAsDouble(null), now);
        UsageByKey.Total total = new UsageByKey.Total(all.concurrentSessions(), all.limitRefusals(), all.activeStreams(),
                all.totalStreamSeconds(), all.simulationSeconds());
        return new UsageByKey(concurrencyLimit, now, keys, total,
                listed.stream().map(Session::info).toList());
    }
}
