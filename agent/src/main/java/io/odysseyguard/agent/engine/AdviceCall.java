package io.odysseyguard.agent.engine;

import io.odysseyguard.agent.hooks.Hook;

/**
 * What each {@link Hook.Action} weaves into a hooked method: one static call into the bootstrap part, where it goes
 * ({@link Place}) and what it passes ({@link Argument}). Every callee contains every {@link Throwable} itself; the
 * woven code suppresses what could still escape the call (a linkage error), so nothing reaches the application.
 */
enum AdviceCall {
    TRACK(Place.NORMAL_EXIT, Argument.THIS_AND_CLASS, Names.TRACKER, "opened"),
    TRACK_CONNECTING(Place.ENTRY, Argument.THIS_AND_CLASS, Names.TRACKER, "connecting"),
    CLOSING(Place.ENTRY, Argument.THIS, Names.TRACKER, "closing"),
    UNTRACK(Place.NORMAL_EXIT, Argument.THIS, Names.TRACKER, "closed"),
    CLOSE_THREW(Place.THROWN_EXIT, Argument.THIS, Names.TRACKER, "closeThrew"),
    CONNECT_FAILED(Place.THROWN_EXIT, Argument.THIS_AND_THROWN, Names.TRACKER, "connectFailed"),
    RELEASE_ON_LOADER_CLOSE(Place.ENTRY, Argument.THIS, "io/odysseyguard/guard/triggers/LoaderCloseTrigger", "closing"),
    RELEASE_ON_DEVTOOLS_RESTART(Place.ANY_EXIT, Argument.NONE, "io/odysseyguard/guard/triggers/DevToolsRestartTrigger",
            "stopped"),
    RELEASE_ON_LOADER_STOP(Place.ENTRY, Argument.THIS, Names.WEBAPP_STOP, "loaderStopping"),
    RELEASE_ON_WEBAPP_STOP(Place.ANY_EXIT, Argument.THIS, Names.WEBAPP_STOP, "webappStopped");

    /** Where the call goes. */
    enum Place {
        /** Before the method's first instruction. */
        ENTRY,
        /** Before every return instruction. */
        NORMAL_EXIT,
        /** In a handler covering the whole method, which then rethrows. */
        THROWN_EXIT,
        /** Both of the above. */
        ANY_EXIT;

        boolean atReturns() {
            return this == NORMAL_EXIT || this == ANY_EXIT;
        }

        boolean whenThrown() {
            return this == THROWN_EXIT || this == ANY_EXIT;
        }
    }

    /** What the call is given. */
    enum Argument {
        NONE("()V"),
        THIS("(Ljava/lang/Object;)V"),
        /** {@code this} and the hooked class (the target the connection is an instance of). */
        THIS_AND_CLASS("(Ljava/lang/Object;Ljava/lang/Class;)V"),
        /** {@code this} and the throwable the method is ending with (in {@link Place#THROWN_EXIT} only). */
        THIS_AND_THROWN("(Ljava/lang/Object;Ljava/lang/Throwable;)V");

        final String descriptor;

        Argument(String descriptor) {
            this.descriptor = descriptor;
        }

        boolean usesThis() {
            return this == THIS || this == THIS_AND_CLASS || this == THIS_AND_THROWN;
        }
    }

    private static final class Names {
        static final String TRACKER = "io/odysseyguard/guard/tracked/Tracker";
        static final String WEBAPP_STOP = "io/odysseyguard/guard/triggers/WebappStopTrigger";
    }

    final Place place;
    final Argument argument;
    final String owner;
    final String method;

    AdviceCall(Place place, Argument argument, String owner, String method) {
        this.place = place;
        this.argument = argument;
        this.owner = owner;
        this.method = method;
    }

    static AdviceCall of(Hook.Action action) {
        return valueOf(action.name());
    }
}
