package com.example.odyssey;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class VideoController {
    private final VideoSession session;

    public VideoController(VideoSession session) {
        this.session = session;
    }

    /** {@code curl localhost:8080/session}: this generation's Odyssey session. */
    @GetMapping("/session")
    public SessionView session() {
        return new SessionView(session.sessionId(), session.isConnected());
    }

    public record SessionView(String sessionId, boolean connected) {
    }
}
