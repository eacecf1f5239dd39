package io.odysseyguard.localserver;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.time.Duration;
import java.util.Locale;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.io.EofException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds the Javalin/Jetty server: limits, error bodies, and the routes of the REST API, socket and dashboard. */
final class HttpServerFactory {

    /** Largest request body accepted; simulation scripts with inline images are the biggest legitimate ones. */
    static final long MAX_BODY_BYTES = 1024 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(HttpServerFactory.class);

    private HttpServerFactory() {
    }

    static Javalin create(RestApi restApi, SignalingSocket signaling, Dashboard dashboard, ServerConfig config) {
        return Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.startup.showOldJavalinVersionWarning = false;
            cfg.http.maxRequestSize = MAX_BODY_BYTES;
            cfg.http.prefer405over404 = true;
            cfg.jetty.modifyWebSocketServletFactory(factory -> {
                factory.setMaxTextMessageSize(SignalingSocket.MAX_TEXT_FRAME);
                factory.setMaxBinaryMessageSize(SignalingSocket.MAX_TEXT_FRAME);
                // Jetty's own idle timeout (30 s by default) would cut quiet sockets before the
                // protocol's heartbeat timeout does; the registry owns every time limit instead.
                factory.setIdleTimeout(config.heartbeatTimeout().plus(config.connectionLimit()).plus(Duration.ofMinutes(1)));
            });

            cfg.routes.before(ctx -> {
                // Refuse an announced oversized body before reading any of it.
                if (ctx.contentLength() > MAX_BODY_BYTES) {
                    throw ApiException.of(413, "Request body too large (limit " + MAX_BODY_BYTES + " bytes)");
                }
                // A body labelled as something else is not read as JSON (the real API, FastAPI, does not either).
                if (hasBody(ctx) && !isJson(ctx.header("Content-Type"))) {
                    throw ApiException.of(415, "Content-Type must be application/json");
                }
            });
            cfg.routes.exception(ApiException.class, (e, ctx) -> RestApi.json(ctx, e.status(), e.body()));
            cfg.routes.exception(HttpResponseException.class, (e, ctx) -> RestApi.json(ctx, e.getStatus(),
                    java.util.Map.of("detail", e.getMessage() == null ? "HTTP " + e.getStatus() : e.getMessage())));
            cfg.routes.exception(Exception.class, (e, ctx) -> {
                int clientFault = clientFault(e);
                if (clientFault > 0) {
                    // The request itself was bad (Jetty says which 4xx) or the client went away mid-request.
                    LOG.debug("bad request {} {}: {}", ctx.method(), ctx.path(), e.toString());
                    RestApi.json(ctx, clientFault, java.util.Map.of("detail", clientFault == 400
                            ? "Bad request: the request or its body ended early or could not be read" : "HTTP " + clientFault));
                    return;
                }
                LOG.error("unexpected error in {} {}", ctx.method(), ctx.path(), e);
                RestApi.json(ctx, 500, java.util.Map.of("detail", "Internal server error"));
            });

            restApi.register(cfg.routes);
            signaling.register(cfg.routes);
            dashboard.register(cfg.routes);
        });
    }

    /** Whether the request carries a body: announced with a length, or chunked. */
    static boolean hasBody(Context ctx) {
        return ctx.contentLength() > 0 || ctx.header("Transfer-Encoding") != null;
    }

    /** No Content-Type (read as JSON, like FastAPI), {@code application/json} or {@code application/*+json}, any parameters. */
    static boolean isJson(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return true;
        }
        String mediaType = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return mediaType.equals("application/json") || (mediaType.startsWith("application/") && mediaType.endsWith("+json"));
    }

    /**
     * The 4xx a failure stands for when the client caused it, else 0: Jetty's own HTTP errors carry their status (a
     * WebSocket upgrade without its key is a 400), and a body that ended early or a connection reset mid-request is the
     * client's doing (400; if the client is gone, nobody reads it).
     */
    static int clientFault(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof HttpException http && http.getCode() >= 400 && http.getCode() < 500) {
                return http.getCode();
            }
            if (t instanceof EofException || t instanceof java.io.EOFException) {
                return 400;
            }
        }
        return 0;
    }
}
