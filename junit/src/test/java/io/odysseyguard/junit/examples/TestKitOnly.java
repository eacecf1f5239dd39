package io.odysseyguard.junit.examples;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The example classes leak on purpose: they run only when {@code OdysseyLeakCheckExtensionTest} launches them through
 * the JUnit Platform's test kit with {@value #PARAMETER}=true, never on their own (e.g. under {@code -Dtest=...}).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(TestKitOnly.Condition.class)
public @interface TestKitOnly {
    String PARAMETER = "odyssey.guard.junit.examples";

    class Condition implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            return context.getConfigurationParameter(PARAMETER).filter("true"::equals).isPresent()
                    ? ConditionEvaluationResult.enabled("launched by the test kit")
                    : ConditionEvaluationResult.disabled("an example for OdysseyLeakCheckExtensionTest only");
        }
    }
}
