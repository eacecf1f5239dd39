package io.odysseyguard.agent.it.target;

/** A connection whose close throws, with a secret in the message that must never be printed. */
public class ThrowingConnection {
    public static final String TARGET = "io.odysseyguard.agent.it.target.ThrowingConnection#open/close";
    public static final String SECRET = "ody_TOPSECRET_0123456789";

    public void open() {
    }

    @Override
    public String toString() {
        return "ThrowingConnection[apiKey=" + SECRET + "]";
    }

    public void close() {
        throw new IllegalStateException("cannot close, key " + SECRET);
    }
}
