package io.odysseyguard.client;

import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.SocketException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLException;

/**
 * Says why a connection to the API or a signaling socket could not be made, in one self-sufficient line: the address,
 * where it came from, what failed (refused, unknown host, no connection in time, TLS) and what to do about it. The
 * JDK's own exception stays the cause, for whoever asks; its messages are often empty ({@code ConnectException: null}
 * for a refused connection).
 */
final class NetworkErrors {

    /** The runnable local server, as built in this repository. */
    static final String LOCAL_SERVER_JAR = "local-server/target/odyssey-local-server.jar";

    /** What kept the connection from being made; {@link #OTHER} when it was made and the exchange failed. */
    enum Failure { REFUSED, UNKNOWN_HOST, CONNECT_TIMEOUT, TLS, OTHER }

    private NetworkErrors() {
    }

    static Failure failure(Throwable error) {
        boolean connect = false;
        int depth = 0;
        for (Throwable t = error; t != null && depth < 16; t = t.getCause(), depth++) {
            if (t instanceof UnresolvedAddressException || t instanceof UnknownHostException) {
                return Failure.UNKNOWN_HOST;
            }
            if (t instanceof HttpConnectTimeoutException) {
                return Failure.CONNECT_TIMEOUT;
            }
            if (t instanceof SSLException) {
                return Failure.TLS;
            }
            connect |= t instanceof ConnectException;
        }
        return connect ? Failure.REFUSED : Failure.OTHER;
    }

    /**
     * The message for a REST call to the API that failed with {@code error}: for a connection that could not be made
     * {@code cannot reach the Odyssey API at <url> (<source>): <what failed>. <hint>}; otherwise the request, the URL
     * and the JDK's reason.
     *
     * @param request the request, as {@code METHOD /path}
     */
    static String apiMessage(String request, Throwable error, ApiEndpoint endpoint, HttpClient http,
                             Duration timeout, Secrets secrets) {
        Failure failure = failure(error);
        if (failure == Failure.OTHER && error instanceof HttpTimeoutException) {
            return secrets.redact("the Odyssey API at " + endpoint.describe() + " did not answer " + request + " within "
                    + timeout.toMillis() + " ms");
        }
        if (failure == Failure.OTHER) {
            return secrets.redact(request + " to the Odyssey API at " + endpoint.describe() + " failed: "
                    + reason(error, secrets));
        }
        URI url = endpoint.url();
        InetSocketAddress proxy = proxy(http, url);
        String host = proxy != null ? proxy.getHostString() : url.getHost();
        StringBuilder message = new StringBuilder("cannot reach the Odyssey API at ").append(endpoint.describe());
        if (proxy != null) {
            message.append(" through the proxy ").append(proxy.getHostString()).append(':').append(proxy.getPort());
        }
        // A connect timeout is the HttpClient's own (the request timeout when the builder made the HttpClient).
        Duration connectTimeout = http.connectTimeout().orElse(timeout);
        message.append(": ").append(what(failure, error, host, connectTimeout, secrets)).append(". ");
        if (proxy != null) {
            message.append("Check the proxy of the HttpClient given to httpClient(...).");
        } else if (failure == Failure.REFUSED && isLoopback(host)) {
            message.append("Is the local server running? Start it with: java -jar ").append(LOCAL_SERVER_JAR)
                    .append(" --port ").append(port(url));
        } else if (failure == Failure.TLS && isLoopback(host)) {
            message.append("The local server speaks plain HTTP: use http://").append(url.getHost()).append(':')
                    .append(port(url));
        } else if (failure == Failure.TLS) {
            message.append("Check the URL's scheme (http or https) and the server's certificate.");
        } else if (endpoint.source() == ApiEndpoint.Source.DEFAULT) {
            message.append("Check your network connection or proxy, or set ").append(OdysseyClientBuilder.API_URL_VARIABLE)
                    .append(" to use the local server.");
        } else if (failure == Failure.UNKNOWN_HOST) {
            message.append("Check the host name in the URL.");
        } else if (failure == Failure.CONNECT_TIMEOUT) {
            message.append("Check the URL, and that no firewall drops the connection.");
        } else {
            message.append("Check the host and port in the URL.");
        }
        return secrets.redact(message.toString());
    }

    /**
     * The message for a signaling socket that did not open. {@code address} is the socket's URL without its query
     * (which holds the session token).
     */
    static String socketMessage(Throwable error, String address, HttpClient http, URI uri, Duration timeout,
                                Secrets secrets) {
        Failure failure = failure(error);
        String where = "could not open the signaling socket at " + address + " (the signalling_url the API answered)";
        if (failure == Failure.OTHER) {
            return secrets.redact(where + ": " + reason(error, secrets));
        }
        InetSocketAddress proxy = proxy(http, uri);
        String host = proxy != null ? proxy.getHostString() : uri.getHost();
        String hint = proxy != null ? "Check the proxy of the HttpClient given to httpClient(...)."
                : failure == Failure.REFUSED && isLoopback(host) ? "Did the local server stop?"
                : "A service behind a proxy or port mapping must answer with an address this client can reach.";
        return secrets.redact(where + (proxy == null ? "" : " through the proxy " + proxy.getHostString() + ':'
                + proxy.getPort()) + ": " + what(failure, error, host, timeout, secrets) + ". " + hint);
    }

    /** What failed, in a few words. */
    private static String what(Failure failure, Throwable error, String host, Duration timeout, Secrets secrets) {
        return switch (failure) {
            case UNKNOWN_HOST -> "unknown host " + host;
            case CONNECT_TIMEOUT -> "no connection within " + timeout.toMillis() + " ms";
            case TLS -> "the TLS handshake failed (" + reason(error, secrets) + ")";
            default -> {
                // The JDK's HttpClient loses the system's reason (ConnectException: null, caused by a
                // ClosedChannelException); on loopback it can only be a refusal.
                String said = socketReason(error);
                yield said != null ? said : isLoopback(host) ? "connection refused" : "connection refused or host unreachable";
            }
        };
    }

    /** The system's reason when the JDK kept it ({@code Connection refused}, {@code No route to host}), lower case. */
    private static String socketReason(Throwable error) {
        int depth = 0;
        for (Throwable t = error; t != null && depth < 16; t = t.getCause(), depth++) {
            if (t instanceof SocketException && t.getMessage() != null && !t.getMessage().isBlank()) {
                String m = t.getMessage().trim();
                return m.substring(0, 1).toLowerCase(Locale.ROOT) + m.substring(1);
            }
        }
        return null;
    }

    /** The exception's kind and the first message in its chain (the JDK often leaves the outer ones empty). */
    static String reason(Throwable error, Secrets secrets) {
        int depth = 0;
        for (Throwable t = error; t != null && depth < 16; t = t.getCause(), depth++) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                String kind = error.getClass().getSimpleName();
                String text = secrets.redact(t.getMessage());
                return text.startsWith(kind) ? text : kind + ": " + text;
            }
        }
        return error.getClass().getSimpleName();
    }

    /** The proxy {@code http} connects to {@code uri} through, or null when it connects directly. */
    private static InetSocketAddress proxy(HttpClient http, URI uri) {
        try {
            return http.proxy().map(selector -> {
                List<Proxy> proxies = selector.select(uri);
                for (Proxy p : proxies) {
                    if (p.type() != Proxy.Type.DIRECT && p.address() instanceof InetSocketAddress address) {
                        return address;
                    }
                }
                return null;
            }).orElse(null);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Without a name lookup: {@code localhost}, 127.x.x.x or ::1. */
    static boolean isLoopback(String host) {
        if (host == null) {
            return false;
        }
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        return h.equalsIgnoreCase("localhost") || h.matches("127(\\.\\d{1,3}){3}") || h.equals("::1")
                || h.equals("0:0:0:0:0:0:0:1");
    }

    private static int port(URI url) {
        return url.getPort() != -1 ? url.getPort() : "https".equals(url.getScheme()) ? 443 : 80;
    }
}
