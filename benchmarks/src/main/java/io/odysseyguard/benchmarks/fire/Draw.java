package io.odysseyguard.benchmarks.fire;

import java.util.List;
import java.util.Random;

/**
 * Draws from a batch's random stream. Every draw of a bad input goes through the stream in a fixed order, so that a
 * seed replays the same inputs whatever the threads do.
 */
final class Draw {

    private static final String ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private Draw() {
    }

    static <T> T oneOf(Random random, List<T> choices) {
        return choices.get(random.nextInt(choices.size()));
    }

    /** Letters and digits only: a token or key that is well-formed text, just not a valid one. */
    static String alphanumeric(Random random, int length) {
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(ALPHANUMERIC.charAt(random.nextInt(ALPHANUMERIC.length())));
        }
        return out.toString();
    }
}
