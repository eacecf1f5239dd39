package io.odysseyguard.hardstop.keeper;

import io.odysseyguard.client.session.SessionCredentials;
import io.odysseyguard.guard.tracked.ClientNames;

import java.lang.reflect.Method;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Reads the sessions a connection holds through the client's public accessors, reflectively (the connection's class
 * belongs to the application's class loader and the agent carries its own, relocated, copy of the credentials type):
 * {@code sessionCredentials()}, the connected session's, and {@code lostSessionCredentials()}, those of sessions whose
 * socket the network dropped (or whose close the service never answered) and that the client is still ending from
 * their credentials. The service holds both kinds, so both are kept. A connection without these methods (a
 * hand-written {@code targets=} class, or an older client without the second) holds none, or its connected one only.
 */
final class CredentialsReader {

    private static final ClassValue<Method> GETTER = getter(ClientNames.SESSION_CREDENTIALS);
    private static final ClassValue<Method> LOST_GETTER = getter(ClientNames.LOST_SESSION_CREDENTIALS);
    /** The credentials record's accessors ({@link ClientNames#CREDENTIALS_ACCESSORS}). */
    private static final ClassValue<Method[]> FIELDS = new ClassValue<>() {
        @Override
        protected Method[] computeValue(Class<?> type) {
            try {
                String[] names = ClientNames.CREDENTIALS_ACCESSORS;
                Method[] accessors = new Method[names.length];
                for (int i = 0; i < names.length; i++) {
                    accessors[i] = type.getMethod(names[i]);
                }
                return accessors;
            } catch (NoSuchMethodException | SecurityException e) {
                return null;
            }
        }
    };

    private CredentialsReader() {
    }

    private static ClassValue<Method> getter(String name) {
        return new ClassValue<>() {
            @Override
            protected Method computeValue(Class<?> type) {
                try {
                    Method m = type.getMethod(name);
                    return m.getParameterCount() == 0 ? m : null;
                } catch (NoSuchMethodException | SecurityException e) {
                    return null;
                }
            }
        };
    }

    /** The connection's connected session's credentials, or null (not connected, no such method, or unreadable). */
    static SessionCredentials read(Object connection) {
        try {
            Method getter = GETTER.get(connection.getClass());
            return getter == null ? null : convert(getter.invoke(connection));
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return null;
        }
    }

    /**
     * Every session the connection holds: its connected one first, then its lost ones (see the class). Empty when it
     * holds none, or they cannot be read.
     */
    static List<SessionCredentials> readAll(Object connection) {
        List<SessionCredentials> all = new ArrayList<>(1);
        SessionCredentials current = read(connection);
        if (current != null) {
            all.add(current);
        }
        try {
            Method lost = LOST_GETTER.get(connection.getClass());
            Object value = lost == null ? null : lost.invoke(connection);
            if (value instanceof Collection<?> sessions) {
                for (Object s : sessions) {
                    SessionCredentials c = convert(s);
                    if (c != null && (current == null || !current.sessionId().equals(c.sessionId()))) {
                        all.add(c);
                    }
                }
            }
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            // the connected one, if any, is still worth keeping
        }
        return all;
    }

    private static SessionCredentials convert(Object c) throws ReflectiveOperationException {
        if (c == null) {
            return null;
        }
        Method[] fields = FIELDS.get(c.getClass());
        if (fields == null) {
            return null;
        }
        return new SessionCredentials((String) fields[0].invoke(c), (String) fields[1].invoke(c),
                (String) fields[2].invoke(c), (Instant) fields[3].invoke(c));
    }
}
