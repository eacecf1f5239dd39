package io.odysseyguard.junit.spring;

import io.odysseyguard.junit.SpringContexts;
import java.util.List;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextRefreshedEvent;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;

/**
 * Registered in {@code META-INF/spring.factories}, so Spring's TestContext framework applies it to every test
 * {@code ApplicationContext} it creates: it marks the connections opened while the context is refreshed as the
 * context's ({@link SpringContexts}), which the leak check then leaves alone. Every instance is equal, so it never
 * splits Spring's context cache. Does nothing unless the leak check is active in this JVM.
 */
public final class LeakCheckContextCustomizerFactory implements ContextCustomizerFactory {

    @Override
    public ContextCustomizer createContextCustomizer(Class<?> testClass,
                                                     List<ContextConfigurationAttributes> configAttributes) {
        return new Customizer();
    }

    static final class Customizer implements ContextCustomizer {
        @Override
        public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration config) {
            long[] window = SpringContexts.refreshing();
            if (window != null) {
                context.addApplicationListener(new Refreshed(context, window));
            }
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Customizer;
        }

        @Override
        public int hashCode() {
            return Customizer.class.getName().hashCode();
        }
    }

    /** Closes the window when this context (not a child's event bubbling up) is refreshed. */
    private record Refreshed(ConfigurableApplicationContext context, long[] window)
            implements ApplicationListener<ApplicationEvent> {
        @Override
        public void onApplicationEvent(ApplicationEvent event) {
            if (event instanceof ContextRefreshedEvent refreshed && refreshed.getApplicationContext() == context) {
                SpringContexts.refreshed(window);
            }
        }
    }
}
