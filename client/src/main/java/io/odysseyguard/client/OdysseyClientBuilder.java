package io.odysseyguard.client;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Function;

/**
 * Configures an {@link OdysseyClient}. Obtain it from {@link OdysseyClient#builder()}.
 *
 * <p>The API key and URL fall back to {@code ODYSSEY_API_KEY} and {@code ODYSSEY_API_URL}, read
 * through {@link #environment(Function)} (the process environment unless a test passes its own).
 */
public final class OdysseyClientBuilder {

    public static final String DEFAULT_API_URL = "https://api.odyssey.ml";
    public static final String API_KEY_VARIABLE = "ODYSSEY_API_KEY";
    public static final String API_URL_VARIABLE = "ODYSSEY_API_URL";

    private String apiKey;
    private String apiUrl;
    private Duration keepaliveInterval = Duration.ofSeconds(10);
    private Duration queueTimeout = Duration.ofSeconds(30);
    private Duration requestTimeout = Duration.ofSeconds(30);
    private OdysseyListener listener;
    private HttpClient httpClient;
    private Function<String, String> environment = System::getenv;

    OdysseyClientBuilder() {
    }

    /** The API key ({@code ody_...}); default {@code ODYSSEY_API_KEY}. */
    public OdysseyClientBuilder apiKey(String apiKey) {
        this.apiKey = apiKey;
        return this;
    }

    /** The API's base URL; default {@code ODYSSEY_API_URL}, else {@value #DEFAULT_API_URL}. */
    public OdysseyClientBuilder apiUrl(String apiUrl) {
        this.apiUrl = apiUrl;
        return this;
    }

    /** How often the heartbeat is sent while connected; default 10 s, as the official SDK. */
    public OdysseyClientBuilder keepaliveInterval(Duration interval) {
        this.keepaliveInterval = positive(interval, "keepaliveInterval");
        return this;
    }

    /** How long {@code connect()} waits in the queue while the server answers 503; default 30 s. */
    public OdysseyClientBuilder queueTimeout(Duration timeout) {
        this.queueTimeout = notNegative(timeout, "queueTimeout");
        return this;
    }

    /**
     * Bound on each HTTP request, on opening the signaling socket and on waiting for a stream
     * reply ({@code stream_started}, {@code update_acknowledged}, {@code stream_ended}); default 30 s.
     */
    public OdysseyClientBuilder requestTimeout(Duration timeout) {
        this.requestTimeout = positive(timeout, "requestTimeout");
        return this;
    }

    /** Receives stream and connection events; see {@link OdysseyListener} for the threading. */
    public OdysseyClientBuilder listener(OdysseyListener listener) {
        this.listener = listener;
        return this;
    }

    /** The JDK HttpClient for REST and the WebSocket; default a new one per client. */
    public OdysseyClientBuilder httpClient(HttpClient httpClient) {
        this.httpClient = httpClient;
        return this;
    }

    /** Where the {@code ODYSSEY_*} fallbacks are read; default {@link System#getenv(String)}. */
    public OdysseyClientBuilder environment(Function<String, String> environment) {
        this.environment = Objects.requireNonNull(environment, "environment");
        return this;
    }

    /**
     * Builds the client; connects nothing yet.
     *
     * @throws IllegalArgumentException when no API key is given or the URL is not http(s) with a host
     */
    public OdysseyClient build() {
        String key = firstNonBlank(apiKey, environment.apply(API_KEY_VARIABLE));
        if (key == null) {
            throw new IllegalArgumentException("No Odyssey API key: call apiKey(...) or set " + API_KEY_VARIABLE);
        }
        ApiEndpoint endpoint = endpoint();
        HttpClient http = httpClient != null ? httpClient : HttpClient.newBuilder()
                .connectTimeout(requestTimeout)
                .build();
        return new OdysseyClient(key.trim(), endpoint, http, keepaliveInterval, queueTimeout, requestTimeout,
                listener == null ? new OdysseyListener() { } : listener);
    }

    /** The URL the client will call and where it came from: the builder, else the environment, else the default. */
    private ApiEndpoint endpoint() {
        ApiEndpoint.Source source = ApiEndpoint.Source.BUILDER;
        String url = firstNonBlank(apiUrl, null);
        if (url == null) {
            url = firstNonBlank(environment.apply(API_URL_VARIABLE), null);
            source = url == null ? ApiEndpoint.Source.DEFAULT : ApiEndpoint.Source.ENVIRONMENT;
        }
        URI baseUrl;
        try {
            baseUrl = new URI(url == null ? DEFAULT_API_URL : url.trim());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("The Odyssey API URL (" + source.description() + ") is not a URL: "
                    + e.getMessage());
        }
        if (!"http".equals(baseUrl.getScheme()) && !"https".equals(baseUrl.getScheme()) || baseUrl.getHost() == null) {
            throw new IllegalArgumentException("The Odyssey API URL must be http(s)://host[:port]: "
                    + ApiEndpoint.withoutUserInfo(baseUrl) + " (" + source.description() + ")");
        }
        return new ApiEndpoint(baseUrl, source);
    }

    @Override
    public String toString() {
        return "OdysseyClientBuilder[apiUrl=" + apiUrl + ", apiKey=" + (apiKey == null ? "unset" : Secrets.MASK) + "]";
    }

    private static String firstNonBlank(String first, String second) {
        if (first != null && !first.isBlank()) {
            return first;
        }
        return second != null && !second.isBlank() ? second : null;
    }

    private static Duration notNegative(Duration duration, String name) {
        Objects.requireNonNull(duration, name);
        if (duration.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative");
        }
        return duration;
    }

    private static Duration positive(Duration duration, String name) {
        Objects.requireNonNull(duration, name);
        if (duration.isZero() || duration.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
        return duration;
    }
}
