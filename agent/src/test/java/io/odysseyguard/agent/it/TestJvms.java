package io.odysseyguard.agent.it;

import io.odysseyguard.testsupport.ChildJvm;
import io.odysseyguard.testsupport.ChildJvmBuilder;
import io.odysseyguard.testsupport.ClassPath;

import java.nio.file.Path;

/**
 * The child JVMs of the agent's integration tests: the test class path without the agent's own classes (those must
 * come from the bootstrap part the agent injects), with or without {@code -javaagent:odyssey-guard-agent.jar}.
 */
final class TestJvms {
    static final Path AGENT_JAR = Path.of(System.getProperty("odyssey.guard.agent.jar", "target/odyssey-guard-agent.jar"));
    static final Path TEST_CLASSES = Path.of(System.getProperty("odyssey.guard.test.classes", "target/test-classes"));

    private TestJvms() {
    }

    /** {@code java -javaagent:odyssey-guard-agent.jar[=agentArgs] -cp <test classes> main args}. */
    static ChildJvmBuilder guardedWith(String agentArgs, String mainClass, String... args) {
        return unguarded(mainClass, args).agent(AGENT_JAR, agentArgs);
    }

    /** {@code java -javaagent:odyssey-guard-agent.jar -cp <test classes> main args}. */
    static ChildJvmBuilder guarded(String mainClass, String... args) {
        return guardedWith(null, mainClass, args);
    }

    /** The same without the agent. */
    static ChildJvmBuilder unguarded(String mainClass, String... args) {
        return ChildJvm.builder().jvmOptions("-Xmx128m").classPath(withoutAgent()).main(mainClass, args);
    }

    /** The test class path without the agent's classes, its jar and ByteBuddy. */
    static ClassPath withoutAgent() {
        Path agentClasses = Path.of("target", "classes").toAbsolutePath().normalize();
        return ClassPath.ofThisJvm().without(p -> p.equals(agentClasses)
                || p.getFileName().toString().endsWith("odyssey-guard-agent.jar") || p.toString().contains("byte-buddy"));
    }

    /** The test class path with the agent jar on it, as a {@code provided} or compile dependency puts it there. */
    static ClassPath withAgentJar() {
        return withoutAgent().append(AGENT_JAR.toAbsolutePath().toString());
    }
}
