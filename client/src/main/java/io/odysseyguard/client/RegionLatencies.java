package io.odysseyguard.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * How far away each region is: {@code GET /regions}, then every region's {@code ping_url} timed in parallel. A
 * session request carries the result so the server can place the session close to us, as the official SDK does.
 */
final class RegionLatencies {

    /** Logged as the REST API, like the rest of its calls. */
    private static final System.Logger LOG = System.getLogger(OdysseyApi.class.getName());
    private static final Duration PING_TIMEOUT = Duration.ofSeconds(2);

    /** A region the server offers, with the URL to measure latency against. */
    record Region(String id, String pingUrl) {
    }

    private final OdysseyApi api;
    private final HttpClient http;

    RegionLatencies(OdysseyApi api, HttpClient http) {
        this.api = api;
        this.http = http;
    }

    /** The regions the server offers ({@code GET /regions}). */
    List<Region> regions() {
        JsonNode answer = api.get("/regions");
        List<Region> regions = new ArrayList<>();
        for (JsonNode region : answer.path("regions")) {
            String id = Json.text(region, "id");
            if (id != null) {
                regions.add(new Region(id, Json.text(region, "ping_url")));
            }
        }
        return regions;
    }

    /**
     * Pings every region in parallel, each bounded by a short timeout; regions that fail or time
     * out are left out (the server then chooses for us). Milliseconds by region id.
     */
    Map<String, Long> ping(List<Region> regions) {
        Map<String, CompletableFuture<Long>> pings = new LinkedHashMap<>();
        for (Region region : regions) {
            if (region.pingUrl() == null) {
                continue;
            }
            try {
                HttpRequest request = HttpRequest.newBuilder(URI.create(region.pingUrl()))
                        .timeout(PING_TIMEOUT).GET().build();
                long started = System.nanoTime();
                pings.put(region.id(), http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                        .thenApply(response -> TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)));
            } catch (IllegalArgumentException e) {
                LOG.log(System.Logger.Level.DEBUG, "region {0} has an unusable ping_url", region.id());
            }
        }
        Map<String, Long> latencies = new LinkedHashMap<>();
        long deadline = System.nanoTime() + PING_TIMEOUT.toNanos() + TimeUnit.MILLISECONDS.toNanos(500);
        pings.forEach((id, ping) -> {
            try {
                long left = Math.max(1, deadline - System.nanoTime());
                latencies.put(id, ping.get(left, TimeUnit.NANOSECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                ping.cancel(true);
                LOG.log(System.Logger.Level.DEBUG, "ping of region {0} failed: {1}", id, e.getClass().getSimpleName());
            }
        });
        return latencies;
    }
}
