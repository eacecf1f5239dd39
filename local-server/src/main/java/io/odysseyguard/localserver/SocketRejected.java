package io.odysseyguard.localserver;

/**
 * The {@link SessionRegistry} turns a signaling socket away (unknown or closed session, a second socket): the
 * socket gets an {@code error} frame with this message as its reason, then close 1008.
 */
final class SocketRejected extends RuntimeException {
    private static final long serialVersionUID = 1L;

    SocketRejected(String reason) {
        super(reason, null, false, false);
    }
}
