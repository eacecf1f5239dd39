package io.odysseyguard.benchmarks;

import io.odysseyguard.agent.SelfAttach;

/**
 * The child JVM of {@link FirstUseBenchmark}: times one first use and prints {@code took <nanoseconds>}.
 * {@code target}: loads the Odyssey client class (under the agent: the first hooked class, which loads the bytecode
 * engine and weaves it). {@code attach}: installs the agent the way the framework integrations do
 * ({@link SelfAttach#install}, the dependency path without {@code -javaagent}).
 */
public final class FirstUse {
    private FirstUse() {
    }

    public static void main(String[] args) throws Exception {
        long start = System.nanoTime();
        if (args[0].equals("target")) {
            Class.forName("io.odysseyguard.client.OdysseyClient");
        } else {
            SelfAttach.Result result = SelfAttach.install("");
            if (!result.installed()) {
                throw new IllegalStateException("not attached: " + result);
            }
        }
        System.out.println("took " + (System.nanoTime() - start));
    }
}
