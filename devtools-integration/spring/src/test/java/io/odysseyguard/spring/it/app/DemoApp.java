package io.odysseyguard.spring.it.app;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootVersion;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.SpringVersion;

/**
 * The integration test's application, run by {@code DevToolsRestartIT} in a forked JVM from an exploded classes
 * directory of its own with Spring Boot DevTools on the class path: every touch of a class file there restarts it in a
 * new {@code RestartClassLoader}. {@link SessionHolder} connects on start and has no shutdown logic; with
 * {@code demo.preview=true}, {@link WorldPreview} connects once the app is ready (and with {@code demo.careful=true}
 * disconnects in its {@code @PreDestroy}).
 */
@SpringBootApplication
public class DemoApp {
    public static void main(String[] args) {
        // The versions this JVM runs on (the test checks them: the ITs run on several Spring Boot lines).
        System.out.println("spring boot " + SpringBootVersion.getVersion() + ", spring framework " + SpringVersion.getVersion());
        ExitFile.watch();
        SpringApplication.run(DemoApp.class, args);
    }

    /** Printed when DevTools (or the JVM's exit) closes this generation's context: the restart has begun. */
    @EventListener(ContextClosedEvent.class)
    public void closing() {
        Generation.say("generation " + Generation.current() + " closing");
    }

    /** Printed once the context is refreshed (DevTools' file watcher is running): the test may touch a file now. */
    @EventListener(ApplicationReadyEvent.class)
    public void ready() {
        System.gc();
        Generation.say("generation " + Generation.current() + " ready; generations alive " + Generation.alive());
    }
}
