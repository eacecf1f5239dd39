package io.odysseyguard.benchmarks.torture;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * One child JVM's randomized plan: plain (generations in {@code URLClassLoader}s) or DevTools (generations restarted by
 * the real {@code Restarter}); its generations, each but the last ended inside the JVM, the last by the JVM's end.
 *
 * @param devtools   generations are DevTools restart generations
 * @param lifecycles in order; the last one ends the JVM
 */
record JvmPlan(boolean devtools, List<Lifecycle> lifecycles) {
    private static final Trigger[] JVM_ENDS = {Trigger.EXIT_NORMAL, Trigger.SYSTEM_EXIT, Trigger.SIGTERM, Trigger.SIGINT,
            Trigger.SIGKILL};
    private static final Fault[] FAULTS = Fault.values();

    /**
     * @param cyclesLeft     at most this many lifecycles
     * @param maxGenerations at most this many generations per JVM
     * @param maxConnections at most this many clients per generation
     */
    static JvmPlan random(Random random, int cyclesLeft, int maxGenerations, int maxConnections) {
        boolean devtools = random.nextInt(5) == 0;
        int generations = 1 + random.nextInt(Math.min(maxGenerations, cyclesLeft));
        List<Lifecycle> lifecycles = new ArrayList<>();
        for (int g = 1; g <= generations; g++) {
            boolean last = g == generations;
            Trigger trigger;
            if (!last) {
                trigger = devtools ? Trigger.DEVTOOLS_RESTART : Trigger.LOADER_CLOSE;
            } else {
                do {
                    trigger = JVM_ENDS[random.nextInt(JVM_ENDS.length)];
                } while (devtools && trigger == Trigger.EXIT_NORMAL); // DevTools' own threads keep the JVM
            }
            Fault fault;
            do {
                fault = FAULTS[random.nextInt(FAULTS.length)];
                // kill -9 releases nothing in the JVM: no close is called, nothing races a release there; the watchdog's
                // closes meet the network faults
            } while (trigger == Trigger.SIGKILL && !(fault == Fault.NONE || fault.isNetwork()));
            int connections = random.nextInt(maxConnections + 1);
            int streams = connections == 0 ? 0 : random.nextInt(connections + 1);
            long faultMillis = fault == Fault.SERVER_DOWN ? 300 + random.nextInt(1700) : 300 + random.nextInt(2200);
            lifecycles.add(new Lifecycle("g" + g, connections, streams, trigger, fault, faultMillis, random.nextInt(150)));
        }
        return new JvmPlan(devtools, List.copyOf(lifecycles));
    }
}
