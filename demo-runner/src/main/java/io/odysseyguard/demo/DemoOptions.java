package io.odysseyguard.demo;

import java.nio.file.Path;

/** What to run: the sample's directory and main class, the agent jar, how many restarts, how talkative. */
record DemoOptions(Path app, String mainClass, Path agent, int restarts, int limit, int port, boolean keepRunning,
                   boolean verbose) {
}
