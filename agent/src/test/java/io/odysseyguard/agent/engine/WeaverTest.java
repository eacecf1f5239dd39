package io.odysseyguard.agent.engine;

import io.odysseyguard.agent.hooks.Hook;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.List;

import static io.odysseyguard.agent.hooks.Hook.Action.CLOSE_THREW;
import static io.odysseyguard.agent.hooks.Hook.Action.CLOSING;
import static io.odysseyguard.agent.hooks.Hook.Action.CONNECT_FAILED;
import static io.odysseyguard.agent.hooks.Hook.Action.RELEASE_ON_DEVTOOLS_RESTART;
import static io.odysseyguard.agent.hooks.Hook.Action.RELEASE_ON_LOADER_CLOSE;
import static io.odysseyguard.agent.hooks.Hook.Action.RELEASE_ON_WEBAPP_STOP;
import static io.odysseyguard.agent.hooks.Hook.Action.TRACK;
import static io.odysseyguard.agent.hooks.Hook.Action.TRACK_CONNECTING;
import static io.odysseyguard.agent.hooks.Hook.Action.UNTRACK;
import static io.odysseyguard.agent.hooks.Hook.When.CLASS_LOAD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every kind of advice woven into methods of every shape (returns of each type, several returns, the method's own
 * try/catch and finally, a loop, a checked exception, a synchronized method, long and double parameters in the
 * highest locals): the woven class passes the JVM's verifier, every method behaves as written, and every woven call
 * happens, in order, with what it is given: the calls go to recording stand-ins of the bootstrap classes
 * ({@link WovenCalls}), so a missing or misplaced call fails here (end to end, the ITs show the real ones).
 */
class WeaverTest {
    private static final String NAME = WovenShapes.class.getName();
    private static Class<?> woven;

    @BeforeAll
    static void weave() throws Exception {
        List<Hook> hooks = List.of(
                new Hook(NAME, List.of("open"), TRACK, CLASS_LOAD),
                new Hook(NAME, List.of("close"), UNTRACK, CLASS_LOAD),
                new Hook(NAME, List.of("close"), CLOSING, CLASS_LOAD),
                new Hook(NAME, List.of("close"), CLOSE_THREW, CLASS_LOAD),
                new Hook(NAME, List.of("open"), TRACK_CONNECTING, CLASS_LOAD),
                new Hook(NAME, List.of("open"), CONNECT_FAILED, CLASS_LOAD),
                new Hook(NAME, List.of("stop"), RELEASE_ON_WEBAPP_STOP, CLASS_LOAD),
                new Hook(NAME, List.of("restart"), RELEASE_ON_DEVTOOLS_RESTART, CLASS_LOAD),
                new Hook(NAME, List.of("shut"), RELEASE_ON_LOADER_CLOSE, CLASS_LOAD));
        byte[] original;
        try (InputStream in = WeaverTest.class.getResourceAsStream("WovenShapes.class")) {
            original = in.readAllBytes();
        }
        byte[] bytes = new Weaver(false, WovenCalls::standInFor).weave(null, original, hooks);
        assertThat(bytes).isNotNull().isNotEqualTo(original);
        woven = new OneClassLoader(NAME, bytes).loadClass(NAME);
        assertThat(woven.getClassLoader()).isInstanceOf(OneClassLoader.class);
    }

    @Test
    void returnsOfEveryTypeAndTheMethodsOwnHandlersAreKept() throws Throwable {
        Object o = woven.getConstructor().newInstance();
        assertThat(call(o, "open", new Class<?>[] {long.class, double.class}, 5L, 0.0)).isEqualTo(5L);
        assertThat(call(o, "open", new Class<?>[] {long.class, double.class}, 0L, 0.5)).isEqualTo(7L);
        assertThat(call(o, "open", new Class<?>[] {long.class, double.class}, 0L, 2.0))
                .as("the method's own catch still catches its exception").isEqualTo(-1L);
        assertThat(call(o, "open", new Class<?>[] {int.class}, 3)).isEqualTo(6.0);
        assertThat(call(o, "open", new Class<?>[] {String.class}, "a")).isEqualTo("a!");
        assertThat(call(o, "open", new Class<?>[] {String.class}, (Object) null)).isNull();
        assertThat(call(o, "open", new Class<?>[] {boolean.class}, false)).isEqualTo(1);
        call(o, "open", new Class<?>[0]);
        assertThat(woven.getField("count").getInt(o)).isEqualTo(1);
        assertThat(call(o, "close", new Class<?>[] {String.class}, "  x ")).isEqualTo("x");
        call(o, "close", new Class<?>[0]);
        call(o, "stop", new Class<?>[0]);
        call(o, "restart", new Class<?>[0]);
        call(o, "shut", new Class<?>[0]);
        assertThat(woven.getField("count").getInt(o)).isZero();
    }

    @Test
    void exceptionsLeaveTheMethodsAsTheyWere() throws Exception {
        Object o = woven.getConstructor().newInstance();
        assertThatThrownBy(() -> call(o, "open", new Class<?>[] {boolean.class}, true))
                .isInstanceOf(IOException.class).hasMessage("boom");
        woven.getField("count").setInt(o, 101);
        assertThatThrownBy(() -> call(o, "restart", new Class<?>[0]))
                .isInstanceOf(IllegalStateException.class).hasMessage("restart failed");
        assertThatThrownBy(() -> call(o, "close", new Class<?>[] {String.class}, (Object) null))
                .isInstanceOf(NullPointerException.class);
        assertThat(woven.getField("count").getInt(o)).as("the finally block ran").isEqualTo(100);
    }

    @Test
    void everyWovenCallHappensInOrderWithWhatItIsGiven() throws Throwable {
        Object o = woven.getConstructor().newInstance();
        assertCalls(() -> call(o, "open", new Class<?>[] {long.class, double.class}, 5L, 0.0),
                "Tracker.connecting(WovenShapes, WovenShapes)", "Tracker.opened(WovenShapes, WovenShapes)");
        assertCalls(() -> call(o, "open", new Class<?>[] {long.class, double.class}, 0L, 2.0),
                "Tracker.connecting(WovenShapes, WovenShapes)", "Tracker.opened(WovenShapes, WovenShapes)");
        assertCalls(() -> call(o, "open", new Class<?>[] {String.class}, "a"),
                "Tracker.connecting(WovenShapes, WovenShapes)", "Tracker.opened(WovenShapes, WovenShapes)");
        assertCalls(() -> call(o, "open", new Class<?>[] {double.class, long.class}, 1.5, 2L),
                "Tracker.connecting(WovenShapes, WovenShapes)", "Tracker.opened(WovenShapes, WovenShapes)");
        assertCalls(() -> call(o, "close", new Class<?>[0]), "Tracker.closing(WovenShapes)", "Tracker.closed(WovenShapes)");
        assertCalls(() -> call(o, "close", new Class<?>[] {String.class}, " x "),
                "Tracker.closing(WovenShapes)", "Tracker.closed(WovenShapes)");
        assertCalls(() -> call(o, "stop", new Class<?>[0]), "WebappStopTrigger.webappStopped(WovenShapes)");
        assertCalls(() -> call(o, "restart", new Class<?>[0]), "DevToolsRestartTrigger.stopped()");
        assertCalls(() -> call(o, "shut", new Class<?>[0]), "LoaderCloseTrigger.closing(WovenShapes)");
    }

    @Test
    void aMethodThatThrowsGetsItsThrownCallWithTheThrowableAndNoReturnCall() throws Throwable {
        Object o = woven.getConstructor().newInstance();
        assertCalls(() -> assertThatThrownBy(() -> call(o, "open", new Class<?>[] {boolean.class}, true))
                        .isInstanceOf(IOException.class),
                "Tracker.connecting(WovenShapes, WovenShapes)", "Tracker.connectFailed(WovenShapes, IOException)");
        assertCalls(() -> assertThatThrownBy(() -> call(o, "open", new Class<?>[] {double.class, long.class}, 1.5, -1L))
                        .isInstanceOf(IllegalArgumentException.class),
                "Tracker.connecting(WovenShapes, WovenShapes)",
                "Tracker.connectFailed(WovenShapes, IllegalArgumentException)");
        assertCalls(() -> assertThatThrownBy(() -> call(o, "close", new Class<?>[] {String.class}, (Object) null))
                        .isInstanceOf(NullPointerException.class),
                "Tracker.closing(WovenShapes)", "Tracker.closeThrew(WovenShapes)");
        woven.getField("count").setInt(o, 101);
        assertCalls(() -> assertThatThrownBy(() -> call(o, "restart", new Class<?>[0]))
                .isInstanceOf(IllegalStateException.class), "DevToolsRestartTrigger.stopped()");
    }

    /** Runs {@code body} and checks the woven calls it made, in order. */
    private static void assertCalls(ThrowingRunnable body, String... expected) throws Throwable {
        WovenCalls.LOG.clear();
        body.run();
        assertThat(WovenCalls.LOG).containsExactly(expected);
    }

    private interface ThrowingRunnable {
        void run() throws Throwable;
    }

    @Test
    void aClassWithoutTheHookedMethodIsLeftAlone() throws Exception {
        byte[] original;
        try (InputStream in = WeaverTest.class.getResourceAsStream("WovenShapes.class")) {
            original = in.readAllBytes();
        }
        assertThat(new Weaver(false).weave(null, original,
                List.of(new Hook(NAME, List.of("connect"), TRACK, CLASS_LOAD)))).isNull();
    }

    private static Object call(Object target, String name, Class<?>[] types, Object... args) throws Throwable {
        Method m = woven.getMethod(name, types);
        try {
            return m.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** Defines the one class from the given bytes (so it is verified), everything else from the parent. */
    private static final class OneClassLoader extends ClassLoader {
        private final String name;
        private final byte[] bytes;

        OneClassLoader(String name, byte[] bytes) {
            super(WeaverTest.class.getClassLoader());
            this.name = name;
            this.bytes = bytes;
        }

        @Override
        protected Class<?> loadClass(String className, boolean resolve) throws ClassNotFoundException {
            if (className.equals(name)) {
                synchronized (getClassLoadingLock(className)) {
                    Class<?> c = findLoadedClass(className);
                    return c != null ? c : defineClass(className, bytes, 0, bytes.length);
                }
            }
            return super.loadClass(className, resolve);
        }
    }
}
