package io.odysseyguard.hardstop;

import io.odysseyguard.client.session.SessionCredentials;

import java.lang.reflect.Method;
import java.time.Instant;

/**
 * Reads a connection's session credentials through the client's public {@code sessionCredentials()}, reflectively:
 * the connection's class belongs to the application's class loader and the agent carries its own (relocated) copy of
 * the credentials type. A connection without that method (a hand-written {@code targets=} class) has none.
 */
final class CredentialsReader {
    static final String METHOD = "sessionCredentials";

    private static final ClassValue<Method> GETTER = new ClassValue<>() {
        @Override
        protected Method computeValue(Class<?> type) {
            try {
                Method m = type.getMethod(METHOD);
                return m.getParameterCount() == 0 ? m : null;
            } catch (NoSuchMethodException | SecurityException e) {
                return null;
            }
        }
    };

    private CredentialsReader() {
    }

    /** The connection's current credentials, or null (not connected, no such method, or unreadable). */
    static SessionCredentials read(Object connection) {
        try {
            Method getter = GETTER.get(connection.getClass());
            if (getter == null) {
                return null;
            }
            Object c = getter.invoke(connection);
            if (c == null) {
                return null;
            }
            Class<?> type = c.getClass();
            return new SessionCredentials(
                    (String) type.getMethod("sessionId").invoke(c),
                    (String) type.getMethod("signallingUrl").invoke(c),
                    (String) type.getMethod("sessionToken").invoke(c),
                    (Instant) type.getMethod("expiresAt").invoke(c));
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return null;
        }
    }
}
