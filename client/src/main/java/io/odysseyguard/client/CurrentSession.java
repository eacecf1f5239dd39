package io.odysseyguard.client;

/**
 * Which session a client holds now, and the epoch that tells a {@code connect()} it was abandoned: every
 * {@code disconnect()} bumps it, and a connect that sees it change since it started gives up its new session. Both
 * change together, under {@link #lock}, which is never held during I/O; the current session is read without it.
 *
 * <p>A session stops being the current one in the same step as it is listed where it goes next (the closing sessions
 * for a disconnect, the lost ones for a lost connection): someone reading the client never finds it nowhere.
 * Lock order: {@link #lock} first, then that of {@link ClosingSessions} or {@link LostSessions}, which call nothing
 * back.
 */
final class CurrentSession {

    private final ClosingSessions closing;
    private final LostSessions lost;

    /** Guards {@link #session} changes and {@link #epoch}; never held while doing I/O. */
    private final Object lock = new Object();
    /** Bumped by every disconnect(); a connect() that sees it change gives up its new session. */
    private long epoch;
    private volatile SignalingSession session;

    CurrentSession(ClosingSessions closing, LostSessions lost) {
        this.closing = closing;
        this.lost = lost;
    }

    /** The current session (its socket may have closed just now), or null. */
    SignalingSession get() {
        return session;
    }

    /** The epoch now: a connect() reads it when it starts, and gives up once {@link #abandoned} says it changed. */
    long epoch() {
        synchronized (lock) {
            return epoch;
        }
    }

    /** A disconnect() came since {@code connectEpoch} was read. */
    boolean abandoned(long connectEpoch) {
        synchronized (lock) {
            return epoch != connectEpoch;
        }
    }

    /**
     * Makes {@code opened} the current session, unless a disconnect() came since {@code connectEpoch} or its socket
     * closed already. {@code starting} runs just before, under the lock (so it must do no I/O): a close of the socket
     * seen meanwhile finds the session current and ready (its heartbeat started, its streams reset).
     *
     * @return whether {@code opened} is now the current session
     */
    boolean publish(long connectEpoch, SignalingSession opened, Runnable starting) {
        synchronized (lock) {
            boolean published = epoch == connectEpoch && opened.isOpen();
            if (published) {
                starting.run();
                session = opened;
            }
            return published;
        }
    }

    /**
     * For a disconnect(): bumps the epoch (a connect() under way gives up) and takes the current session, listed among
     * the closing ones in the same step; the caller closes it through {@link ClosingSessions#close}.
     *
     * @return the session to close, or null when there was none
     */
    SignalingSession takeForClose() {
        synchronized (lock) {
            epoch++;
            SignalingSession taken = session;
            session = null;
            if (taken != null) {
                closing.starts(taken);
            }
            return taken;
        }
    }

    /**
     * {@code closed}'s socket ended: when it is the current session it stops being so; when its connection was lost
     * (no close frame: the service keeps the session) it is listed among the lost ones first.
     *
     * @return false when it was no longer current (a disconnect() took it, and tells the listener itself)
     */
    boolean dropClosed(SignalingSession closed, boolean connectionLost) {
        synchronized (lock) {
            if (session != closed) {
                return false;
            }
            if (connectionLost) {
                lost.add(closed.credentials());
            }
            session = null;
            return true;
        }
    }
}
