package io.odysseyguard.testsupport;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback HTTP proxy in front of the local server's REST API that records each request's method
 * and path, for facts the server does not count (how often {@code /auth/token} was called), can
 * answer one path with an error instead of forwarding it ({@link #failing}), and can hold the answer
 * to one path back ({@link #hold}: the server has done the request, the client waits for its
 * answer). The signaling socket bypasses it: the server names its own address in
 * {@code signalling_url}.
 */
public final class RestProxy implements AutoCloseable {

    private final HttpServer server;
    private final HttpClient upstream = HttpClient.newHttpClient();
    private final String target;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    /** Response bodies the proxy passed back, to learn the tokens the client was given. */
    public final List<String> responseBodies = new CopyOnWriteArrayList<>();
    /** Bodies of the {@code POST /sessions/request} calls. */
    public final List<String> sessionRequestBodies = new CopyOnWriteArrayList<>();
    /** A path answered 503 instead of being forwarded (still counted), or null. */
    public volatile String failing;
    private volatile String held;
    private final CountDownLatch heldArrived = new CountDownLatch(1);
    private final CountDownLatch letGo = new CountDownLatch(1);

    public RestProxy(String targetBaseUrl) throws IOException {
        this.target = targetBaseUrl;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::forward);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "rest-proxy");
            t.setDaemon(true);
            return t;
        })); // a held answer must not hold up the others
        server.start();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public long count(String methodAndPath) {
        return requests.stream().filter(methodAndPath::equals).count();
    }

    /**
     * From now on the server's answer to {@code path} is held back until {@link #letGo()} (the server
     * has done the request: a {@code POST /sessions/token} held means the session was granted).
     */
    public void hold(String path) {
        held = path;
    }

    /** Waits until an answer is held; false when none was within {@code timeout}. */
    public boolean awaitHeld(Duration timeout) throws InterruptedException {
        return heldArrived.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Passes the held answers on, and every later one at once. */
    public void letGo() {
        letGo.countDown();
    }

    private void forward(HttpExchange exchange) throws IOException {
        try (exchange) {
            requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath());
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            if (exchange.getRequestURI().getPath().equals(failing)) {
                exchange.sendResponseHeaders(503, -1);
                return;
            }
            if (exchange.getRequestURI().getPath().equals("/sessions/request")) {
                sessionRequestBodies.add(new String(body, java.nio.charset.StandardCharsets.UTF_8));
            }
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target + exchange.getRequestURI()))
                    .method(exchange.getRequestMethod(), body.length == 0
                            ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
            for (String header : List.of("Authorization", "Content-Type", "Accept")) {
                String value = exchange.getRequestHeaders().getFirst(header);
                if (value != null) {
                    request.header(header, value);
                }
            }
            HttpResponse<byte[]> response = upstream.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            response.headers().firstValue("Content-Type")
                    .ifPresent(type -> exchange.getResponseHeaders().add("Content-Type", type));
            byte[] answer = response.body();
            if (exchange.getRequestURI().getPath().equals(held)) {
                heldArrived.countDown();
                letGo.await(60, TimeUnit.SECONDS);
            }
            responseBodies.add(new String(answer, java.nio.charset.StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(response.statusCode(), answer.length == 0 ? -1 : answer.length);
            if (answer.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(answer);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        letGo.countDown();
        server.stop(0);
    }
}
