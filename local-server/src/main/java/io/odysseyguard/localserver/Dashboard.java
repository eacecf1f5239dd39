package io.odysseyguard.localserver;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The usage dashboard at {@code /}: plain HTML, CSS and JavaScript from the classpath (no build step)
 * that polls {@code GET /usage} once a second. Only the files named here are served.
 */
final class Dashboard {

    private static final String ROOT = "/io/odysseyguard/localserver/dashboard/";
    private static final Map<String, String> FILES = Map.of(
            "index.html", "text/html; charset=utf-8",
            "dashboard.js", "text/javascript; charset=utf-8",
            "dashboard.css", "text/css; charset=utf-8");

    void register(RoutesConfig routes) {
        routes.get("/", ctx -> serve(ctx, "index.html"));
        routes.get("/dashboard/{file}", ctx -> serve(ctx, ctx.pathParam("file")));
    }

    private static void serve(Context ctx, String file) {
        String contentType = FILES.get(file);
        if (contentType == null) {
            throw ApiException.notFound("Not found");
        }
        try (InputStream in = Dashboard.class.getResourceAsStream(ROOT + file)) {
            if (in == null) {
                throw ApiException.notFound("Not found");
            }
            ctx.header("Cache-Control", "no-cache").contentType(contentType).result(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
