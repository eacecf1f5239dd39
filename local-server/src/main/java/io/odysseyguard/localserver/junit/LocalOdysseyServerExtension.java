package io.odysseyguard.localserver.junit;

import io.odysseyguard.localserver.Durations;
import io.odysseyguard.localserver.LocalOdysseyServer;
import io.odysseyguard.localserver.ServerConfig;
import java.lang.reflect.AnnotatedElement;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The JUnit 5 extension behind {@link LocalOdysseyServerTest}: resolves parameters of type {@link LocalOdysseyServer},
 * starting one per scope and stopping it when the scope ends (see the annotation for the scopes).
 *
 * <p>Register it through the annotation, or programmatically with a configuration the annotation cannot express:
 * <pre>{@code
 * @RegisterExtension
 * static LocalOdysseyServerExtension servers = new LocalOdysseyServerExtension(
 *         ServerConfig.defaults().with(c -> c.streamers = 0));
 * }</pre>
 * A programmatic configuration applies where no {@code @LocalOdysseyServerTest} annotation says otherwise.
 */
public final class LocalOdysseyServerExtension implements ParameterResolver, BeforeAllCallback, AfterAllCallback {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(LocalOdysseyServerExtension.class);
    private static final String SHARED = "server";

    private final ServerConfig programmatic;

    /** As {@code @ExtendWith}/{@code @LocalOdysseyServerTest} registers it: configured by the annotation. */
    public LocalOdysseyServerExtension() {
        this(null);
    }

    /** Configured by {@code config} where no {@link LocalOdysseyServerTest} annotation says otherwise. */
    public LocalOdysseyServerExtension(ServerConfig config) {
        this.programmatic = config;
    }

    /** With {@code urlProperty}: the class's server, started now, its URL published. */
    @Override
    public void beforeAll(ExtensionContext context) {
        String property = urlProperty(context);
        if (!property.isEmpty()) {
            System.setProperty(property, server(context, SHARED, classConfig(context)).baseUrl());
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        String property = urlProperty(context);
        if (!property.isEmpty()) {
            System.clearProperty(property);
        }
    }

    private static String urlProperty(ExtensionContext context) {
        return context.getTestClass().flatMap(LocalOdysseyServerExtension::annotation)
                .map(LocalOdysseyServerTest::urlProperty).orElse("");
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == LocalOdysseyServer.class;
    }

    @Override
    public LocalOdysseyServer resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Optional<LocalOdysseyServerTest> onParameter = parameter.findAnnotation(LocalOdysseyServerTest.class);
        Optional<LocalOdysseyServerTest> onMethod = context.getTestMethod()
                .flatMap(m -> AnnotationSupport.findAnnotation(m, LocalOdysseyServerTest.class));
        String key;
        ServerConfig config;
        if (onParameter.isPresent()) {
            // A parameter's own annotation: a server for that parameter alone, beside the one the others share.
            key = SHARED + ":" + context.getUniqueId() + ":" + parameter.getDeclaringExecutable() + "#" + parameter.getIndex();
            config = toConfig(onParameter.get());
        } else if (onMethod.isPresent()) {
            // A method's own annotation: a server of its own, under a key the class's store does not answer for.
            key = SHARED + ":" + context.getUniqueId();
            config = toConfig(onMethod.get());
        } else {
            key = SHARED;
            config = classConfig(context);
        }
        try {
            return server(context, key, config);
        } catch (RuntimeException e) {
            throw new ParameterResolutionException("the local Odyssey server did not start with " + config, e);
        }
    }

    /** The server stored under {@code key} in this scope or an enclosing one, started now if there is none. */
    private static LocalOdysseyServer server(ExtensionContext context, String key, ServerConfig config) {
        return context.getStore(NAMESPACE)
                .getOrComputeIfAbsent(key, k -> new RunningServer(LocalOdysseyServer.start(config)), RunningServer.class)
                .server();
    }

    private ServerConfig classConfig(ExtensionContext context) {
        Optional<LocalOdysseyServerTest> onClass = context.getTestClass().flatMap(LocalOdysseyServerExtension::annotation);
        if (onClass.isPresent()) {
            return toConfig(onClass.get());
        }
        return programmatic != null ? programmatic : ServerConfig.defaults();
    }

    /** The annotation on the class or, for a nested class, on the nearest enclosing class that has one. */
    private static Optional<LocalOdysseyServerTest> annotation(Class<?> testClass) {
        for (Class<?> c = testClass; c != null; c = c.getEnclosingClass()) {
            Optional<LocalOdysseyServerTest> found = AnnotationSupport.findAnnotation((AnnotatedElement) c,
                    LocalOdysseyServerTest.class);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    static ServerConfig toConfig(LocalOdysseyServerTest a) {
        return new ServerConfig(ServerConfig.DEFAULT_HOST, a.port(), a.concurrencyLimit(),
                Durations.parse(a.heartbeatTimeout()), Durations.parse(a.connectTimeout()),
                Durations.parse(a.idleTimeout()), Durations.parse(a.streamLimit()), Durations.parse(a.connectionLimit()),
                Durations.parse(a.sessionTokenTtl()), a.simulationQueueLimit(), List.of(a.apiKeys()), a.streamers());
    }

    /**
     * A started server in a JUnit store: JUnit closes it when the store's scope ends (through AutoCloseable since
     * JUnit 5.13, through CloseableResource before).
     */
    @SuppressWarnings("deprecation") // CloseableResource: what JUnit before 5.13 closes
    private record RunningServer(LocalOdysseyServer server) implements AutoCloseable, ExtensionContext.Store.CloseableResource {
        @Override
        public void close() {
            server.close();
        }
    }
}
