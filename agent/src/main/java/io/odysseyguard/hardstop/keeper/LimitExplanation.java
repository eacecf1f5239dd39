package io.odysseyguard.hardstop.keeper;

import io.odysseyguard.guard.output.Reporter;
import io.odysseyguard.guard.threads.DetachedThreads;
import io.odysseyguard.hardstop.HeldSession;
import io.odysseyguard.hardstop.Journal;
import io.odysseyguard.hardstop.JvmIdentity;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The one line printed when the service refuses a session because the concurrent limit is reached: how many of the
 * limit this JVM holds and where they were opened, how many other guarded JVMs on this machine hold (pid, main class),
 * the rest "held elsewhere or dangling", and the command that frees them. Counts, names and places only.
 */
final class LimitExplanation {
    /** How long the refused connect waits for the line (an application that exits on the exception still shows it). */
    static final long WAIT_MILLIS = 1000;

    private LimitExplanation() {
    }

    /**
     * Prints the line, on a thread of its own and bounded ({@value #WAIT_MILLIS} ms): what this JVM holds
     * ({@code mine}, read there) and what the other JVMs' journals in the state directory say. Never throws.
     */
    static void print(int limit, int active, Supplier<List<HeldSession>> mine, Path stateDir, JvmIdentity self,
                      Path agentJar) {
        DetachedThreads.runWithin(new Runnable() {
            @Override
            public void run() {
                try {
                    List<Journal.Entry> others = new ArrayList<>();
                    for (Journal.Entry e : new Journal(stateDir).readAll(Reporter::warn)) {
                        if (e.jvm().pid() != self.pid()) {
                            others.add(e);
                        }
                    }
                    Reporter.warn(of(limit, active, mine.get(), others, agentJar));
                } catch (Throwable t) {
                    Reporter.debug("could not explain the limit: " + t.getClass().getName());
                }
            }
        }, "odyssey-guard-limit", WAIT_MILLIS);
    }

    /**
     * @param mine   what this JVM holds
     * @param others the other JVMs' journal entries
     */
    static String of(int limit, int active, List<HeldSession> mine, List<Journal.Entry> others, Path agentJar) {
        StringBuilder b = new StringBuilder("Odyssey refused a session: the concurrent session limit is reached (")
                .append(active).append(" of ").append(limit).append(" held). This JVM holds ").append(mine.size());
        if (!mine.isEmpty()) {
            List<String> sites = new ArrayList<>();
            for (HeldSession s : mine) {
                sites.add(firstFrame(s.site()));
            }
            b.append(" (opened at ").append(String.join("; ", sites)).append(')');
        }
        int accounted = mine.size();
        List<String> live = new ArrayList<>();
        int gone = 0;
        for (Journal.Entry e : others) {
            accounted += e.sessions().size();
            if (e.jvm().isAlive()) {
                live.add("pid " + e.jvm().pid() + " (" + e.jvm().mainClass() + ") holds " + e.sessions().size());
            } else {
                gone += e.sessions().size();
            }
        }
        for (String l : live) {
            b.append(", ").append(l);
        }
        if (gone > 0) {
            b.append(", JVMs that are gone left ").append(gone);
        }
        b.append(", ").append(Math.max(0, active - accounted)).append(" held elsewhere or dangling. ");
        String command = agentJar == null ? "odyssey-guard" : "java -jar " + agentJar;
        b.append("To free them: ").append(command).append(" list, then ").append(command)
                .append(live.isEmpty() ? " reap" : " release PID").append(gone > 0 && !live.isEmpty() ? " or reap" : "")
                .append(" (a dangling session of another machine frees itself within minutes)");
        return b.toString();
    }

    private static String firstFrame(String site) {
        int arrow = site.indexOf(" <- ");
        return arrow < 0 ? site : site.substring(0, arrow);
    }
}
