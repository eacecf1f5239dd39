package io.odysseyguard.localserver;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.config.RoutesConfig;
import io.javalin.websocket.WsConfig;
import io.javalin.websocket.WsContext;
import io.javalin.websocket.WsMessageContext;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The signaling WebSocket, {@code <signalling_url>/client/<session_id>?token=<session token>}.
 *
 * <p>The token is checked once the socket is open (signature, expiry, {@code session_id} claim equal to
 * the path); a bad one gets an {@code error {reason}} frame and close 1008, as does a second socket for a
 * session that already has one (the first keeps it). Every socket with a valid path gets its 101 first:
 * the first socket the server handles after open keeps the session, not the first to get its 101, so of
 * two sockets opened back to back either may be the one refused. Jetty drops the TCP connection right
 * after sending a 1008 (any close code but 1000, 1005 and 3000+) without waiting for the client's close:
 * a client that writes at once may see a reset before it reads the refusal. Messages: {@code keepalive} (and every other
 * message) refreshes the heartbeat; {@code interactive_stream_start} / {@code update} /
 * {@code interactive_stream_end} drive the stream; {@code client_disconnecting} releases the session;
 * WebRTC's {@code answer} / {@code ice_candidate} and unknown types are ignored (the stand-in has no
 * media, and newer clients may send more). A frame that is not a JSON object with a string {@code type}
 * gets {@code error} and close 1003; binary frames likewise. Text frames over
 * {@value #MAX_TEXT_FRAME} bytes are closed with 1009 by Jetty.
 */
final class SignalingSocket {

    static final int MAX_TEXT_FRAME = 64 * 1024;
    static final int POLICY_VIOLATION = 1008;
    static final int UNSUPPORTED_DATA = 1003;

    private static final Logger LOG = LoggerFactory.getLogger(SignalingSocket.class);

    private final SessionTokens sessionTokens;
    private final SessionRegistry sessions;
    /** One link per socket, keyed by the web server's id for that socket. */
    private final Map<String, Link> links = new ConcurrentHashMap<>();

    SignalingSocket(SessionTokens sessionTokens, SessionRegistry sessions) {
        this.sessionTokens = sessionTokens;
        this.sessions = sessions;
    }

    void register(RoutesConfig routes) {
        routes.ws(RestApi.SIGNALLING_PATH + "/client/{session_id}", this::configure);
    }

    private void configure(WsConfig ws) {
        ws.onConnect(ctx -> {
            Link link = new Link(ctx, ctx.pathParam("session_id"));
            links.put(ctx.sessionId(), link);
            try {
                sessionTokens.verify(ctx.queryParam("token"), link.sessionId);
                sessions.attach(link.sessionId, link);
                link.attached = true;
            } catch (SessionTokens.InvalidTokenException | SocketRejected e) {
                LOG.info("signaling socket for session {} rejected: {}", link.sessionId, e.getMessage());
                link.fail(e.getMessage(), POLICY_VIOLATION);
            }
        });
        ws.onMessage(this::onMessage);
        ws.onBinaryMessage(ctx -> {
            Link link = links.get(ctx.sessionId());
            if (link != null) {
                link.fail("binary frames are not supported", UNSUPPORTED_DATA);
            }
        });
        ws.onClose(ctx -> {
            Link link = links.remove(ctx.sessionId());
            if (link != null && link.attached) {
                sessions.socketClosed(link.sessionId, link, ctx.status());
            }
        });
        ws.onError(ctx -> LOG.debug("signaling socket error: {}", String.valueOf(ctx.error())));
    }

    private void onMessage(WsMessageContext ctx) {
        Link link = links.get(ctx.sessionId());
        if (link == null || !link.attached) {
            return; // a rejected socket on its way out
        }
        if (!sessions.touch(link.sessionId, link)) {
            link.fail("session closed", POLICY_VIOLATION);
            return;
        }
        JsonNode message;
        try {
            message = Json.MAPPER.readTree(ctx.message());
        } catch (JacksonException e) {
            link.fail("malformed message: not JSON", UNSUPPORTED_DATA);
            return;
        }
        if (message == null || !message.isObject() || !message.path("type").isTextual()) {
            link.fail("malformed message: expected a JSON object with a string 'type'", UNSUPPORTED_DATA);
            return;
        }
        try {
            handle(link, message.get("type").asText(), message);
        } catch (StreamRejected e) {
            link.sendStreamError(e.reason(), e.getMessage());
        } catch (SocketRejected e) {
            link.fail(e.getMessage(), POLICY_VIOLATION);
        }
    }

    private void handle(Link link, String type, JsonNode message) {
        // A start or update with a prompt that is not a string is refused before the session is asked anything.
        if ((type.equals("interactive_stream_start") || type.equals("update")) && !optionalString(message, "prompt")) {
            link.sendStreamError("invalid_request", "prompt must be a string");
            return;
        }
        switch (type) {
            case "keepalive", "answer", "ice_candidate" -> {
                // The heartbeat was refreshed above; there is no media to negotiate.
            }
            case "interactive_stream_start" -> {
                String streamId = sessions.startStream(link.sessionId, link);
                link.send(Map.of("type", "stream_started", "stream_id", streamId));
            }
            case "update" -> {
                sessions.requireStream(link.sessionId, link);
                Map<String, Object> ack = new LinkedHashMap<>();
                ack.put("type", "update_acknowledged");
                ack.put("prompt", message.path("prompt").asText(""));
                link.send(ack);
            }
            case "interactive_stream_end" -> {
                String streamId = sessions.endStream(link.sessionId, link);
                link.send(Map.of("type", "stream_ended", "stream_id", streamId));
            }
            case "client_disconnecting" -> sessions.clientDisconnecting(link.sessionId, link);
            default -> LOG.debug("ignoring signaling message of unknown type");
        }
    }

    private static boolean optionalString(JsonNode message, String field) {
        JsonNode value = message.get(field);
        return value == null || value.isNull() || value.isTextual();
    }

    /** One socket as the registry sees it. */
    private static final class Link implements SocketLink {
        private final WsContext ctx;
        final String sessionId;
        /** Set once the registry accepted this socket for its session; only then do its events count. */
        volatile boolean attached;

        Link(WsContext ctx, String sessionId) {
            this.ctx = ctx;
            this.sessionId = sessionId;
        }

        @Override
        public void send(Map<String, ?> message) {
            try {
                if (ctx.session.isOpen()) {
                    ctx.send(Json.write(message));
                }
            } catch (RuntimeException e) {
                LOG.debug("could not send to signaling socket: {}", e.toString());
            }
        }

        @Override
        public void close(int code, String reason) {
            try {
                if (ctx.session.isOpen()) {
                    ctx.closeSession(code, reason);
                }
            } catch (RuntimeException e) {
                LOG.debug("could not close signaling socket: {}", e.toString());
            }
        }

        /** A fatal problem: the protocol's {@code error} frame, then close. */
        void fail(String reason, int code) {
            send(Map.of("type", "error", "reason", reason));
            close(code, reason);
        }
    }
}
