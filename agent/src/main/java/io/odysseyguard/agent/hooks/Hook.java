package io.odysseyguard.agent.hooks;

import java.util.List;

/**
 * One line of the {@link HookTable}: a class the agent instruments, the methods, and what happens there.
 *
 * @param className the class, by its binary name (matched by name: the agent never needs it at compile time)
 * @param methods   the instance methods of that name the advice goes into
 * @param action    what the advice does
 * @param when      when the class is instrumented
 */
public record Hook(String className, List<String> methods, Action action, When when) {
    public Hook {
        methods = List.copyOf(methods);
    }

    /** What happens at the hooked methods. */
    public enum Action {
        /** After an open method of a target returned normally: track {@code this} (it is a connection). */
        TRACK("track"),
        /**
         * On entry to the client's connect method: track {@code this} already, so that a release while it connects
         * (a JVM exit, a restart) disconnects it, which makes the connect give up and end a session it was granted.
         */
        TRACK_CONNECTING("track while connecting"),
        /**
         * On entry to a close method of a target: the application is closing {@code this} itself (unless the guard's
         * release called it), so a trigger that fires meanwhile waits for that close rather than closing it again.
         */
        CLOSING("close under way"),
        /** After a close method of a target returned normally: stop tracking {@code this}. */
        UNTRACK("untrack"),
        /** When a close method of a target threw: the application's close ended without closing {@code this}. */
        CLOSE_THREW("failed-close note"),
        /**
         * When the client's connect method threw: stop tracking {@code this} (it holds no session), and say who holds
         * the slots if the concurrent limit was the reason.
         */
        CONNECT_FAILED("failed-connect report"),
        /** On entry to a class loader's no-argument {@code close()}: release the connections that belong to it. */
        RELEASE_ON_LOADER_CLOSE("loader-close trigger"),
        /** At the exit (normal or not) of DevTools' no-argument {@code stop()}: release the discarded generation. */
        RELEASE_ON_DEVTOOLS_RESTART("devtools-restart trigger"),
        /** On entry to an app server's webapp class loader's no-argument {@code stop()}: release its connections. */
        RELEASE_ON_LOADER_STOP("loader-stop trigger"),
        /**
         * At the exit (normal or not) of an app server's no-argument webapp stop method, {@code this} the webapp
         * context: release the connections of its class loader ({@code getClassLoader()}).
         */
        RELEASE_ON_WEBAPP_STOP("webapp-stop trigger");

        private final String label;

        Action(String label) {
            this.label = label;
        }

        /** Whether its methods are a connection's own (they may take arguments), not a framework's trigger. */
        public boolean isConnectionHook() {
            return this == TRACK || this == TRACK_CONNECTING || this == CLOSING || this == UNTRACK
                    || this == CLOSE_THREW || this == CONNECT_FAILED;
        }

        /** As messages name it: {@code loader-close trigger}. */
        public String label() {
            return label;
        }
    }

    /** When the class gets its advice. */
    public enum When {
        /** As the class is loaded (or, attached to a running JVM, retransformed at once). */
        CLASS_LOAD,
        /** Loaded before the agent starts: retransformed when the first connection is tracked, never at start-up. */
        FIRST_CONNECTION
    }

    /** The class's internal name, as the JVM hands it to a transformer: {@code java/net/URLClassLoader}. */
    public String internalName() {
        return className.replace('.', '/');
    }
}
