package io.odysseyguard.benchmarks.fire;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** The run's failure tally: a count per kind, and the first few descriptions of each for the report. Thread-safe. */
public final class Failures {

    private static final int EXAMPLES_KEPT = 5;

    private final Map<FailureKind, AtomicLong> counts = new EnumMap<>(FailureKind.class);
    private final Map<FailureKind, List<String>> examples = new EnumMap<>(FailureKind.class);

    public Failures() {
        for (FailureKind kind : FailureKind.values()) {
            counts.put(kind, new AtomicLong());
            examples.put(kind, Collections.synchronizedList(new ArrayList<>()));
        }
    }

    /** Records one failure; {@code what} must never hold a secret (the harness passes redacted text only). */
    public void record(FailureKind kind, String what) {
        counts.get(kind).incrementAndGet();
        List<String> kept = examples.get(kind);
        synchronized (kept) {
            if (kept.size() < EXAMPLES_KEPT) {
                kept.add(what);
            }
        }
    }

    public long count(FailureKind kind) {
        return counts.get(kind).get();
    }

    public long total() {
        return counts.values().stream().mapToLong(AtomicLong::get).sum();
    }

    public List<String> examples(FailureKind kind) {
        List<String> kept = examples.get(kind);
        synchronized (kept) {
            return List.copyOf(kept);
        }
    }
}
