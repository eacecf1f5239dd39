package io.odysseyguard.agent.engine;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Recording stand-ins for the bootstrap classes the woven calls go to, for {@link WeaverTest}: each method has the
 * name and descriptor of the real one and appends what it was called with to {@link #LOG}
 * ({@code Tracker.opened(WovenShapes, WovenShapes)}).
 */
public final class WovenCalls {
    public static final List<String> LOG = new CopyOnWriteArrayList<>();

    private WovenCalls() {
    }

    /** The stand-in for each bootstrap class's internal name. */
    static String standInFor(String owner) {
        String simple = owner.substring(owner.lastIndexOf('/') + 1);
        return WovenCalls.class.getName().replace('.', '/') + "$" + simple;
    }

    private static void log(String call, Object... args) {
        StringBuilder b = new StringBuilder(call).append('(');
        for (int i = 0; i < args.length; i++) {
            Object a = args[i];
            b.append(i == 0 ? "" : ", ").append(a instanceof Class<?> c ? c.getSimpleName() : a.getClass().getSimpleName());
        }
        LOG.add(b.append(')').toString());
    }

    public static final class Tracker {
        public static void opened(Object connection, Class<?> target) {
            log("Tracker.opened", connection, target);
        }

        public static void connecting(Object connection, Class<?> target) {
            log("Tracker.connecting", connection, target);
        }

        public static void connectFailed(Object connection, Throwable thrown) {
            log("Tracker.connectFailed", connection, thrown);
        }

        public static void closing(Object connection) {
            log("Tracker.closing", connection);
        }

        public static void closed(Object connection) {
            log("Tracker.closed", connection);
        }

        public static void closeThrew(Object connection) {
            log("Tracker.closeThrew", connection);
        }
    }

    public static final class LoaderCloseTrigger {
        public static void closing(Object loader) {
            log("LoaderCloseTrigger.closing", loader);
        }
    }

    public static final class DevToolsRestartTrigger {
        public static void stopped() {
            log("DevToolsRestartTrigger.stopped");
        }
    }

    public static final class WebappStopTrigger {
        public static void loaderStopping(Object loader) {
            log("WebappStopTrigger.loaderStopping", loader);
        }

        public static void webappStopped(Object context) {
            log("WebappStopTrigger.webappStopped", context);
        }
    }
}
