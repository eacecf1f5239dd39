package io.odysseyguard.benchmarks.fire;

import io.odysseyguard.client.ConcurrentLimitReachedException;
import io.odysseyguard.client.OdysseyClient;
import io.odysseyguard.client.session.SessionCloser;
import io.odysseyguard.client.session.SessionCredentials;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sessions churned at the limit by concurrent clients, in rounds. Each round: more clients than the limit race to
 * connect (exactly the limit must get in, the rest a 429); then the holders let go, each its own way (a graceful
 * {@code disconnect()}, a stream first, or a socket killed and the dangling session ended from its credentials)
 * while the refused clients race for the freed slots; then everyone lets go. {@code GET /usage} is checked against
 * the ledger after each step. Clients are the real {@link OdysseyClient} (one per worker, reconnecting every round),
 * plus raw sockets for the killed ones.
 */
public final class SessionChurn {

    /** How one holder lets go of its session. */
    private enum LetGo { DISCONNECT, STREAM_THEN_DISCONNECT, KILL_SOCKET_THEN_CLOSE_FROM_CREDENTIALS }

    private final FireContext context;
    private final Checkpoint checkpoint;
    private final ExecutorService workers;
    private final int limit;
    private final List<Worker> pool = new ArrayList<>();
    private final String churnAccessToken;
    private final AtomicLong refusedAtLimit = new AtomicLong();

    public SessionChurn(FireContext context, Checkpoint checkpoint, ExecutorService workers, HttpClient http, int limit,
                        int clients) {
        this.context = context;
        this.checkpoint = checkpoint;
        this.workers = workers;
        this.limit = limit;
        this.churnAccessToken = context.client.accessToken(FireContext.CHURN_KEY);
        for (int i = 0; i < clients; i++) {
            pool.add(new Worker(OdysseyClient.builder().apiKey(FireContext.CHURN_KEY).apiUrl(context.baseUrl)
                    .httpClient(http).requestTimeout(context.bound).build()));
        }
    }

    /** Churns at least {@code target} sessions; returns how many were opened and closed. */
    public long run(long seed, int target) throws InterruptedException {
        long churned = 0;
        for (int round = 0; churned < target; round++) {
            Random random = new Random(seed ^ (0xC2B2AE3D27D4EB4FL * (round + 1)));
            for (Worker worker : pool) {
                worker.letGo = LetGo.values()[random.nextInt(LetGo.values().length)];
                worker.socketSeed = random.nextLong();
            }
            // 1. Everyone races for a slot: exactly the limit gets in.
            List<Worker> holders = inParallel(pool, Worker::connect, "round " + round + " connect");
            if (holders.size() != Math.min(limit, pool.size())) {
                context.failures.record(FailureKind.LIMIT_NOT_HONOURED, "round " + round + ": " + holders.size()
                        + " of " + pool.size() + " clients got in, limit " + limit);
            }
            checkpoint.countsEqualTheTruth("churn round " + round + ", at the limit");
            // 2. The holders let go while the refused race for the freed slots.
            List<Worker> refused = new ArrayList<>(pool);
            refused.removeAll(holders);
            List<Callable<Boolean>> step = new ArrayList<>();
            holders.forEach(worker -> step.add(() -> {
                worker.letGo();
                return false; // only the refused workers' outcomes matter here
            }));
            refused.forEach(worker -> step.add(worker::connect));
            List<Worker> latecomers = new ArrayList<>();
            List<Boolean> outcomes = all(step, "round " + round + " release and race");
            for (int i = 0; i < refused.size(); i++) {
                if (outcomes.get(holders.size() + i)) {
                    latecomers.add(refused.get(i));
                }
            }
            checkpoint.countsEqualTheTruth("churn round " + round + ", after the race");
            // 3. The latecomers let go too: nothing is left open.
            inParallel(latecomers, Worker::letGo, "round " + round + " last release");
            churned += holders.size() + latecomers.size();
            checkpoint.check("after churn round " + round);
        }
        return churned;
    }

    /** Clients refused with {@code CONCURRENT_LIMIT_REACHED} while racing (expected: the point of the race). */
    public long refusedAtLimit() {
        return refusedAtLimit.get();
    }

    /** The clients, for the final check: after everything, exactly the limit connects again. */
    List<OdysseyClient> clients() {
        return pool.stream().map(worker -> worker.client).toList();
    }

    private interface Step {
        boolean run(Worker worker) throws Exception;
    }

    /** Runs the step on every worker at once; returns those for which it returned true. */
    private List<Worker> inParallel(List<Worker> chosen, Step step, String where) throws InterruptedException {
        List<Callable<Boolean>> tasks = new ArrayList<>();
        chosen.forEach(worker -> tasks.add(() -> step.run(worker)));
        List<Boolean> outcomes = all(tasks, where);
        List<Worker> yes = new ArrayList<>();
        for (int i = 0; i < chosen.size(); i++) {
            if (outcomes.get(i)) {
                yes.add(chosen.get(i));
            }
        }
        return yes;
    }

    private List<Boolean> all(List<Callable<Boolean>> tasks, String where) throws InterruptedException {
        List<Future<Boolean>> futures = new ArrayList<>();
        tasks.forEach(task -> futures.add(workers.submit(task)));
        List<Boolean> outcomes = new ArrayList<>();
        for (Future<Boolean> future : futures) {
            try {
                outcomes.add(future.get(context.bound.toMillis() * 3, TimeUnit.MILLISECONDS));
            } catch (java.util.concurrent.ExecutionException e) {
                context.failures.record(FailureKind.CLIENT_ERROR, where + ": " + context.secrets.redact(String.valueOf(e.getCause())));
                outcomes.add(false);
            } catch (java.util.concurrent.TimeoutException e) {
                context.failures.record(FailureKind.NO_ANSWER_IN_TIME, where);
                future.cancel(true);
                outcomes.add(false);
            }
        }
        return outcomes;
    }

    /** One client: the real Java client, or (for a killed socket) a raw session of the same key. */
    private final class Worker {
        final OdysseyClient client;
        LetGo letGo;
        long socketSeed;
        /** The session this worker holds, and for a killed socket its raw parts. */
        String sessionId;
        WellBehavedClient.Grant rawGrant;
        RawWebSocket rawSocket;

        Worker(OdysseyClient client) {
            this.client = client;
        }

        /** True when it got a slot; false when refused at the limit. */
        boolean connect() throws Exception {
            if (letGo == LetGo.KILL_SOCKET_THEN_CLOSE_FROM_CREDENTIALS) {
                WellBehavedClient.Grant grant = context.client.tryRequestSession(churnAccessToken);
                if (grant == null) {
                    refusedAtLimit.incrementAndGet();
                    return false;
                }
                rawGrant = grant;
                sessionId = grant.sessionId();
                String token = URLEncoder.encode(context.client.sessionToken(churnAccessToken, grant.sessionId()),
                        StandardCharsets.UTF_8);
                rawSocket = RawWebSocket.open(context.port, FireContext.socketPath(grant.sessionId(), token),
                        new Random(socketSeed), context.bound);
                rawSocket.sendText("{\"type\":\"keepalive\"}");
                return true;
            }
            try {
                client.connect();
            } catch (ConcurrentLimitReachedException e) {
                refusedAtLimit.incrementAndGet();
                return false;
            }
            sessionId = client.sessionId();
            context.ledger.opened(sessionId);
            return true;
        }

        /** Lets go of the session its own way; true once the server confirmed it closed. */
        boolean letGo() throws Exception {
            String held = sessionId;
            sessionId = null;
            switch (letGo) {
                case DISCONNECT -> client.disconnect();
                case STREAM_THEN_DISCONNECT -> {
                    try {
                        client.startStream("a lighthouse in a storm");
                        client.interact("the storm calms");
                        client.endStream();
                    } finally {
                        client.disconnect(); // a failed stream step is a failure, but the slot is still given back
                    }
                }
                default -> {
                    // A crash: the socket ends without a close frame, the session dangles; the real client then ends
                    // it from its credentials, as the guard's watchdog does after a hard kill.
                    rawSocket.abort();
                    String token = context.client.sessionToken(churnAccessToken, rawGrant.sessionId());
                    SessionCloser.Result result = client.closeSession(new SessionCredentials(rawGrant.sessionId(),
                            rawGrant.signallingUrl(), token, Instant.now().plusSeconds(60)));
                    if (!result.closed()) {
                        context.failures.record(FailureKind.SESSION_NOT_RELEASED, "churn: a dangling session: "
                                + result.status() + " " + result.detail());
                        return false;
                    }
                }
            }
            context.ledger.closed(held);
            return true;
        }
    }
}
