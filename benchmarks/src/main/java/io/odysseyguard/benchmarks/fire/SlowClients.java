package io.odysseyguard.benchmarks.fire;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Clients too slow to be polite: requests dribbled a byte or two at a time (headers and bodies, slow-loris style),
 * connections that announce a body and never send it, and signaling sockets that ask for a stream of answers and never
 * read them. While they hang on, the server must keep serving everyone else: the {@link Checkpoint} runs meanwhile.
 */
public final class SlowClients {

    private final FireContext context;
    private final Checkpoint checkpoint;
    private final ExecutorService threads;

    public SlowClients(FireContext context, Checkpoint checkpoint, ExecutorService threads) {
        this.context = context;
        this.checkpoint = checkpoint;
        this.threads = threads;
    }

    /** Runs every kind of slow client; returns how many there were. */
    public int run(long seed, int dribblers, int stallers, int slowReaders) throws Exception {
        Random random = new Random(seed ^ 0x5DEECE66DL);
        List<Future<?>> running = new ArrayList<>();
        for (int i = 0; i < dribblers; i++) {
            boolean slowBody = i % 2 == 0;
            int pieceSize = 1 + random.nextInt(3);
            Duration pause = Duration.ofMillis(30 + random.nextInt(70));
            running.add(threads.submit(() -> dribble(slowBody, pieceSize, pause)));
        }
        for (int i = 0; i < stallers; i++) {
            running.add(threads.submit(this::stall));
        }
        for (int i = 0; i < slowReaders; i++) {
            long socketSeed = random.nextLong();
            running.add(threads.submit(() -> {
                slowReader(socketSeed);
                return null;
            }));
        }
        // Everyone else is served while they hang on.
        for (int i = 0; i < 10; i++) {
            Thread.sleep(300);
            checkpoint.check("while slow clients hang on (" + i + ")");
        }
        for (Future<?> future : running) {
            try {
                future.get(context.bound.toMillis() * 6, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.ExecutionException e) {
                context.failures.record(FailureKind.CLIENT_ERROR, "slow client: " + context.secrets.redact(String.valueOf(e.getCause())));
            } catch (java.util.concurrent.TimeoutException e) {
                context.failures.record(FailureKind.NO_ANSWER_IN_TIME, "a slow client never finished");
            }
        }
        checkpoint.check("after the slow clients");
        return dribblers + stallers + slowReaders;
    }

    /** A bad request sent a byte or three at a time: slow headers (wrong method) or a slow body (bad JSON). */
    private Void dribble(boolean slowBody, int pieceSize, Duration pause) {
        String category = slowBody ? "slow-body" : "slow-headers";
        byte[] request = slowBody
                ? RequestBytes.complete("POST", "/auth/token", null, "application/json",
                        "{\"api_key\": \"ody_fire_slow_but_broken\",,}".getBytes(StandardCharsets.UTF_8))
                : RequestBytes.complete("DELETE", "/auth/token", null, null, null);
        RawHttp.Answer answer = new RawHttp(context.port, context.bound).exchange(request, false, pieceSize, pause);
        context.answers.judgeHttp(category, category + " in pieces of " + pieceSize, answer,
                slowBody ? Set.of(400) : Set.of(405));
        return null;
    }

    /** Announces a body and sends none of it for a while, then goes away. */
    private Void stall() throws Exception {
        byte[] headOnly = RequestBytes.withHeaderLines("POST", "/auth/token", null,
                "Content-Type: application/json\r\nContent-Length: 100\r\n", new byte[] {'{'});
        try (java.net.Socket socket = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), context.port)) {
            socket.getOutputStream().write(headOnly);
            socket.getOutputStream().flush();
            Thread.sleep(3000);
            socket.setSoLinger(true, 0);
        }
        context.answers.dropped("stalled-body");
        return null;
    }

    /**
     * A signaling socket that starts a stream and sends updates with long prompts (each acknowledged with the prompt
     * echoed) without ever reading: the server's writes back up. Then it is killed, and its session ended.
     */
    private void slowReader(long seed) throws Exception {
        WellBehavedClient.Grant grant = context.newSession();
        String token = URLEncoder.encode(context.sessionToken(grant.sessionId()), StandardCharsets.UTF_8);
        RawWebSocket socket = RawWebSocket.open(context.port, FireContext.socketPath(grant.sessionId(), token),
                new Random(seed), context.bound);
        Future<?> writing = threads.submit(() -> {
            socket.sendText("{\"type\":\"interactive_stream_start\",\"prompt\":\"slow reader\"}");
            String prompt = "p".repeat(30_000);
            for (int i = 0; i < 300; i++) {
                socket.sendText("{\"type\":\"update\",\"prompt\":\"" + prompt + "\"}");
            }
            return null;
        });
        try {
            writing.get(3, TimeUnit.SECONDS); // the server stops reading once its writes back up: the writer blocks
        } catch (java.util.concurrent.TimeoutException expected) {
            // still blocked: exactly the slow reader this is meant to be
        }
        Thread.sleep(2000);
        socket.abort();
        writing.cancel(true);
        context.answers.count("slow-ws-reader", "killed after backing up");
        context.release(grant, "slow-ws-reader");
    }
}
