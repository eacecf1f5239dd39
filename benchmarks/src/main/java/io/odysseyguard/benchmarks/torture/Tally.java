package io.odysseyguard.benchmarks.torture;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** What the run counted: lifecycles by kind, the failure counts (goal 0 each), the facts beside them, every failure's details. */
final class Tally {
    /** The failure counts; the run fails when any is not 0. */
    enum Failure {
        ORPHANED("sessions orphaned"),
        PAST_BUDGET("JVMs that exited past their budget"),
        APP_EXCEPTION("exceptions thrown into the application"),
        RELEASED_TWICE("sessions released twice"),
        BAD_REPORT("guard report lines with a connection not released (other than the faulty one) or a warning"),
        LEFTOVER_PROCESS("processes left behind (watchdogs alive after the settle bound)"),
        NOT_RUN("lifecycles the harness could not run as planned"),
        CLEANUP_BROKEN("application cleanups broken by the guard (a client found disconnected, a call failed, or the"
                + " cleanup never ran)"),
        RELEASED_ALTHOUGH_APP_CLOSED("sessions released by the guard although the application closed them itself");

        final String text;

        Failure(String text) {
            this.text = text;
        }
    }

    /** Facts, not failures. */
    enum Fact {
        SESSIONS("sessions opened"),
        CLOSED_BY_GUARD("closed by the guard in the JVM (release thread)"),
        CLOSED_BY_APP("closed by the application's own disconnect()"),
        CLOSED_BY_WATCHDOG("closed by the watchdog"),
        CLOSED_BY_REAPER("closed by a later JVM's reaper"),
        OUTLIVED_GENERATION("sessions of a discarded generation still held by its JVM after the settle bound (released at JVM exit)"),
        LOST_BY_NETWORK("sessions whose socket the network fault ended (client saw it)"),
        CLIENT_ERRORS("connect() failures of a racing connect (client errors, not the guard's)"),
        REPORTED_NOT_CLOSED("connections the guard reported released whose session its disconnect() did not close (already closed by the application's racing disconnect, or lost by the network)"),
        FAULTY_NOT_RELEASED("faulty connections not released (expected: their close throws or hangs)"),
        CLEANUPS_RUN("careful generations whose own cleanup ended their streams and disconnected them before the guard"
                + " released anything");

        final String text;

        Fact(String text) {
            this.text = text;
        }
    }

    private final Map<String, Integer> kinds = new TreeMap<>();
    private final Map<Trigger, Integer> triggers = new EnumMap<>(Trigger.class);
    private final Map<Fault, Integer> faults = new EnumMap<>(Fault.class);
    private final Map<Cleanup, Integer> cleanups = new EnumMap<>(Cleanup.class);
    private final Map<Failure, Integer> failures = new EnumMap<>(Failure.class);
    private final Map<Fact, Integer> facts = new EnumMap<>(Fact.class);
    private final List<String> details = new ArrayList<>();
    private int cycles;
    private int jvms;

    Tally() {
        for (Failure f : Failure.values()) {
            failures.put(f, 0);
        }
        for (Fact f : Fact.values()) {
            facts.put(f, 0);
        }
    }

    synchronized void cycle(Lifecycle l) {
        cycles++;
        kinds.merge(l.kind(), 1, Integer::sum);
        triggers.merge(l.trigger(), 1, Integer::sum);
        faults.merge(l.fault(), 1, Integer::sum);
        cleanups.merge(l.cleanup(), 1, Integer::sum);
    }

    synchronized void jvm() {
        jvms++;
    }

    synchronized void fail(Failure f, String detail) {
        failures.merge(f, 1, Integer::sum);
        details.add(f + ": " + detail);
        System.out.println("  FAILURE " + f + ": " + detail);
    }

    synchronized void fact(Fact f, int n) {
        facts.merge(f, n, Integer::sum);
    }

    synchronized int cycles() {
        return cycles;
    }

    synchronized int failureCount() {
        return failures.values().stream().mapToInt(Integer::intValue).sum();
    }

    synchronized int count(Failure f) {
        return failures.get(f);
    }

    synchronized Map<Trigger, Integer> triggers() {
        return new EnumMap<>(triggers);
    }

    synchronized Map<Fault, Integer> faults() {
        return new EnumMap<>(faults);
    }

    synchronized Map<Cleanup, Integer> cleanups() {
        return new EnumMap<>(cleanups);
    }

    synchronized List<String> details() {
        return List.copyOf(details);
    }

    synchronized void print(PrintStream out, long seed, long millis) {
        out.printf(Locale.ROOT, "%ntorture run: seed %d, %d lifecycles in %d child JVMs, %.1f min%n", seed, cycles, jvms,
                millis / 60_000.0);
        out.println("lifecycles by trigger: " + triggers);
        out.println("lifecycles by fault:   " + faults);
        out.println("lifecycles by cleanup: " + cleanups);
        out.println("lifecycles by kind:    " + kinds);
        for (Fact f : Fact.values()) {
            out.printf(Locale.ROOT, "  %6d  %s%n", facts.get(f), f.text);
        }
        for (Failure f : Failure.values()) {
            out.printf(Locale.ROOT, "  %6d  %s (goal 0)%n", failures.get(f), f.text);
        }
        out.println(failureCount() == 0 ? "PASSED: every failure count is 0 (seed " + seed + ")"
                : "FAILED: " + failureCount() + " failures (seed " + seed + ")");
    }
}
