package io.odysseyguard.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Checks that the tests of the annotated class leave no Odyssey connection open: a test that does fails, naming each
 * connection's class, owner and creation site; connections opened by the class's fixtures ({@code @BeforeAll}, a
 * constructor, class-level extensions) and still open after its {@code @AfterAll} methods fail the class. Either way the
 * leaked connections are then released, so the next test starts clean. Nested classes are checked too.
 *
 * <p>The same check without the annotation: JUnit's extension auto-detection
 * ({@code junit.jupiter.extensions.autodetection.enabled=true}) registers {@link OdysseyLeakCheckExtension} for every
 * class; {@code odyssey.guard.junit.mode} then sets the mode of classes without this annotation.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(OdysseyLeakCheckExtension.class)
public @interface OdysseyLeakCheck {

    /** What to do about a leaked connection. */
    Mode mode() default Mode.FAIL;

    /** What the check does when a test or a class leaves connections open. */
    enum Mode {
        /** The test (or the class) fails, naming each connection; the connections are released. */
        FAIL,
        /** The connections are released and reported (a line on stderr and a JUnit report entry); nothing fails. */
        RELEASE,
        /** No check (for a class under auto-detection that must keep connections across tests). */
        OFF
    }
}
