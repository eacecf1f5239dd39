package io.odysseyguard.benchmarks.torture;

/**
 * One randomized lifecycle, the torture run's cycle: a generation (its connections and streams) and how it ends.
 *
 * @param generation   the generation's name in its JVM ({@code g1}, {@code g2}, ...)
 * @param connections  Odyssey clients it connects (0..N)
 * @param streams      how many of them run a stream
 * @param trigger      what ends it
 * @param fault        what goes wrong meanwhile
 * @param faultMillis  how long a network fault lasts
 * @param raceMillis   for {@link Fault#CONNECT_RACE}: how long before the trigger the connect starts
 * @param cleanup      how the generation cleans up after itself, if it does
 * @param workMillis   the other shutdown work its cleanup does before it disconnects
 */
record Lifecycle(String generation, int connections, int streams, Trigger trigger, Fault fault, long faultMillis,
                 long raceMillis, Cleanup cleanup, long workMillis) {

    String kind() {
        return trigger + (fault == Fault.NONE ? "" : "+" + fault) + (cleanup == Cleanup.NONE ? "" : "+" + cleanup);
    }

    /** The child's words for the generation: {@code NAME CONNECTIONS STREAMS FAULTY [cleanup WAY WORK]}. */
    String spec() {
        return generation + " " + connections + " " + streams + " " + fault.faultyConnection()
                + (cleanup == Cleanup.NONE ? "" : " cleanup " + cleanup.word + " " + workMillis);
    }

    @Override
    public String toString() {
        return kind() + " (" + generation + ": " + connections + " connections, " + streams + " streaming)";
    }
}
