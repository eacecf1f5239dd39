package io.odysseyguard.junit;

import io.odysseyguard.junit.OdysseyLeakCheck.Mode;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The Odyssey connection leak check (see {@link OdysseyLeakCheck}). Registered by that annotation, by
 * {@code @ExtendWith(OdysseyLeakCheckExtension.class)}, or for every test class by JUnit's extension auto-detection
 * ({@code junit.jupiter.extensions.autodetection.enabled=true}; it is listed in
 * {@code META-INF/services/org.junit.jupiter.api.extension.Extension}). Registered twice, it runs once.
 *
 * <p>How a connection is attributed: the agent numbers the connections it tracks in the order they are opened. Before
 * each test (before its {@code @BeforeEach} methods) the check notes the highest number open; after the test (after its
 * {@code @AfterEach} methods) the connections still open with a higher number are the test's leaks. The same around the
 * class (before its {@code @BeforeAll}, after its {@code @AfterAll} methods) gives the class's leaks, connections its
 * fixtures opened and left open. Connections opened while a Spring test {@code ApplicationContext} was refreshed
 * belong to that (possibly cached) context and are left alone ({@link SpringContexts}).
 *
 * <p>Configuration parameters (e.g. in {@code junit-platform.properties}): {@code odyssey.guard.junit.mode}
 * ({@code fail}, {@code release} or {@code off}: for classes without {@link OdysseyLeakCheck}; default {@code fail});
 * {@code odyssey.guard.junit.self-attach} ({@code true} by default: attach the agent when it is not on the command
 * line). Without the agent the check warns once and does nothing.
 */
public class OdysseyLeakCheckExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
        AfterEachCallback {
    public static final String MODE_PARAMETER = "odyssey.guard.junit.mode";
    public static final String SELF_ATTACH_PARAMETER = "odyssey.guard.junit.self-attach";

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(
            OdysseyLeakCheckExtension.class);
    private static final String WATERMARK = "watermark";

    /** Connections reported once already (a release that failed): never reported again. */
    private static final Set<Long> REPORTED = ConcurrentHashMap.newKeySet();

    @Override
    public void beforeAll(ExtensionContext context) {
        start(context);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (start(context)) {
            SpringContexts.settle();
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        Method method = context.getRequiredTestMethod();
        String name = context.getRequiredTestClass().getSimpleName() + "." + method.getName() + "()";
        if (!context.getDisplayName().equals(method.getName() + "()")) {
            name += " [" + context.getDisplayName() + "]";
        }
        check(context, "test " + name, "test " + name, "Disconnect it in the test or in an @AfterEach method");
    }

    @Override
    public void afterAll(ExtensionContext context) {
        SpringContexts.settle();
        String name = "test class " + context.getRequiredTestClass().getSimpleName();
        check(context, name, name + " (its @BeforeAll/@AfterAll methods, constructor or class-level extensions)",
                "Disconnect it in an @AfterAll method");
    }

    /** Notes the watermark in this scope's store; false when the check is off here. */
    private static boolean start(ExtensionContext context) {
        if (mode(context) == Mode.OFF || !Agent.activate(selfAttach(context))) {
            return false;
        }
        context.getStore(NAMESPACE).put(store(context), Connections.watermark());
        return true;
    }

    private static void check(ExtensionContext context, String name, String who, String advice) {
        Mode mode = mode(context);
        Long watermark = context.getStore(NAMESPACE).remove(store(context), Long.class);
        if (mode == Mode.OFF || watermark == null || !Agent.isActive()) {
            return;
        }
        List<Connections.Leak> leaks = new ArrayList<>();
        for (Connections.Leak l : Connections.openedAfter(watermark)) {
            if (!SpringContexts.ownsConnection(l.id()) && REPORTED.add(l.id())) {
                leaks.add(l);
            }
        }
        if (leaks.isEmpty()) {
            return;
        }
        int released = Connections.release(leaks, "after " + name + " (leak check)");
        String count = leaks.size() == 1 ? "1 Odyssey connection" : leaks.size() + " Odyssey connections";
        StringBuilder message = new StringBuilder();
        message.append(who).append(" left ").append(count).append(" open");
        message.append(" (the leak check released ").append(released == leaks.size() ? (leaks.size() == 1 ? "it" : "them")
                : released + " of them").append("):");
        for (Connections.Leak l : leaks) {
            message.append("\n  ").append(l.describe());
        }
        if (mode == Mode.RELEASE) {
            context.publishReportEntry("odyssey-guard", message.toString());
            return;
        }
        message.append("\n").append(advice).append(
                "; @OdysseyLeakCheck(mode = RELEASE) releases leaked connections without failing.");
        throw new AssertionError(message.toString());
    }

    private static String store(ExtensionContext context) {
        return WATERMARK + (context.getTestMethod().isPresent() ? ":test" : ":class");
    }

    /** The annotation on the class or the nearest enclosing class, else the configuration parameter, else FAIL. */
    static Mode mode(ExtensionContext context) {
        for (Class<?> c = context.getTestClass().orElse(null); c != null; c = c.getEnclosingClass()) {
            Optional<OdysseyLeakCheck> found = AnnotationSupport.findAnnotation((AnnotatedElement) c,
                    OdysseyLeakCheck.class);
            if (found.isPresent()) {
                return found.get().mode();
            }
        }
        return context.getConfigurationParameter(MODE_PARAMETER)
                .map(v -> {
                    try {
                        return Mode.valueOf(v.strip().toUpperCase(Locale.ROOT));
                    } catch (IllegalArgumentException e) {
                        return Mode.FAIL;
                    }
                })
                .orElse(Mode.FAIL);
    }

    private static boolean selfAttach(ExtensionContext context) {
        return context.getConfigurationParameter(SELF_ATTACH_PARAMETER).map(v -> !"false".equalsIgnoreCase(v.strip()))
                .orElse(true);
    }
}
