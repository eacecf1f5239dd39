package io.odysseyguard.client;

import java.util.function.Consumer;

/**
 * The application's {@link OdysseyListener} as the client calls it: a callback that throws is logged and otherwise
 * ignored, because it runs inside the client's own work (a socket's reader, a connect or a disconnect).
 */
final class SafeListener {

    /** Logged as the client itself: that is the name applications configure. */
    private static final System.Logger LOG = System.getLogger(OdysseyClient.class.getName());

    private final OdysseyListener listener;

    SafeListener(OdysseyListener listener) {
        this.listener = listener;
    }

    void tell(Consumer<OdysseyListener> event) {
        try {
            event.accept(listener);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "an OdysseyListener callback threw", e);
        }
    }
}
