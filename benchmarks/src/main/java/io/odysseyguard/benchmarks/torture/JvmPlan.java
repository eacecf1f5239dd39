package io.odysseyguard.benchmarks.torture;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Predicate;

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
        return random(random, cyclesLeft, maxGenerations, maxConnections, Set.of(), EnumSet.allOf(Fault.class));
    }

    /**
     * As above; {@code uncovered}: the triggers, faults and cleanups no lifecycle had yet, drawn first (so that a short
     * run covers every kind); only {@code faults} are drawn. A generation whose trigger lets it clean up after itself
     * does so one time in three.
     */
    static JvmPlan random(Random random, int cyclesLeft, int maxGenerations, int maxConnections, Set<Object> uncovered,
                          Set<Fault> faults) {
        boolean devtools = uncovered.contains(Trigger.DEVTOOLS_RESTART) || random.nextInt(5) == 0;
        int generations = 1 + random.nextInt(Math.min(maxGenerations, cyclesLeft));
        List<Lifecycle> lifecycles = new ArrayList<>();
        for (int g = 1; g <= generations; g++) {
            boolean last = g == generations;
            Trigger trigger;
            if (!last) {
                trigger = devtools ? Trigger.DEVTOOLS_RESTART : Trigger.LOADER_CLOSE;
            } else {
                trigger = draw(random, JVM_ENDS, uncovered, t -> !(devtools && t == Trigger.EXIT_NORMAL)); // DevTools' own threads keep the JVM
            }
            Trigger t = trigger;
            // A careful generation's cleanup not yet covered: the fault is drawn among those it goes with.
            Cleanup careful = Cleanup.of(trigger);
            boolean coverCleanup = uncovered.contains(careful);
            // kill -9 releases nothing in the JVM: no close is called, nothing races a release there; the watchdog's
            // closes meet the network faults
            Fault fault = draw(random, FAULTS, uncovered, f -> faults.contains(f)
                    && (t != Trigger.SIGKILL || f == Fault.NONE || f.isNetwork()) && (!coverCleanup || Cleanup.goesWith(f)));
            Cleanup cleanup = careful != Cleanup.NONE && Cleanup.goesWith(fault) && (coverCleanup || random.nextInt(3) == 0)
                    ? careful : Cleanup.NONE;
            uncovered.remove(trigger);
            uncovered.remove(fault);
            uncovered.remove(cleanup);
            int connections = random.nextInt(maxConnections + 1);
            int streams = connections == 0 ? 0 : random.nextInt(connections + 1);
            long faultMillis = fault == Fault.SERVER_DOWN ? 300 + random.nextInt(1700) : 300 + random.nextInt(2200);
            lifecycles.add(new Lifecycle("g" + g, connections, streams, trigger, fault, faultMillis, random.nextInt(150),
                    cleanup, random.nextInt(301)));
        }
        return new JvmPlan(devtools, List.copyOf(lifecycles));
    }

    /** A random one of {@code all} that {@code allowed} accepts, one not yet covered if there is such. */
    private static <T> T draw(Random random, T[] all, Set<Object> uncovered, Predicate<T> allowed) {
        List<T> fresh = new ArrayList<>();
        for (T t : all) {
            if (allowed.test(t) && uncovered.contains(t)) {
                fresh.add(t);
            }
        }
        if (!fresh.isEmpty()) {
            return fresh.get(random.nextInt(fresh.size()));
        }
        while (true) {
            T t = all[random.nextInt(all.length)];
            if (allowed.test(t)) {
                return t;
            }
        }
    }
}
