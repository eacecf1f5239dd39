package io.odysseyguard.localserver;

import io.javalin.Javalin;
import io.javalin.http.HttpResponseException;
import java.time.Duration;
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
            });
            cfg.routes.exception(ApiException.class, (e, ctx) -> RestApi.json(ctx, e.status(), e.body()));
            cfg.routes.exception(HttpResponseException.class, (e, ctx) -> RestApi.json(ctx, e.getStatus(),
                    java.util.Map.of("detail", e.getMessage() == null ? "HTTP " + e.getStatus() : e.getMessage())));
            cfg.routes.exception(Exception.class, (e, ctx) -> {
                LOG.error("unexpected error in {} {}", ctx.method(), ctx.path(), e);
                RestApi.json(ctx, 500, java.util.Map.of("detail", "Internal server error"));
            });

            restApi.register(cfg.routes);
            signaling.register(cfg.routes);
            dashboard.register(cfg.routes);
        });
    }
}
