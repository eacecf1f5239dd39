package com.example.odyssey;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;

@Path("/session")
public class SessionResource {
    private final VideoSession session;

    public SessionResource(VideoSession session) {
        this.session = session;
    }

    /** {@code curl localhost:8082/session}: this generation's Odyssey session. */
    @GET
    public String session() {
        return session.sessionId();
    }
}
