package io.odysseyguard.benchmarks.fire;

import java.security.SecureRandom;
import java.time.Duration;

/**
 * The run's settings: {@code --seed N} (random when not given; printed first either way), {@code --requests N} bad
 * inputs (10 000), {@code --sessions N} sessions churned (1000), {@code --limit N} concurrent sessions per key (8),
 * {@code --bound D} the longest any single answer may take (10s), {@code --echo-server-log} to see the server's lines.
 */
public record FireOptions(long seed, int requests, int sessions, int limit, Duration bound, boolean echoServerLog) {

    public static final int FULL_REQUESTS = 10_000;
    public static final int FULL_SESSIONS = 1000;

    public static FireOptions parse(String... args) {
        long seed = new SecureRandom().nextLong();
        int requests = FULL_REQUESTS;
        int sessions = FULL_SESSIONS;
        int limit = 8;
        Duration bound = Duration.ofSeconds(10);
        boolean echo = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--seed" -> seed = Long.parseLong(value(args, ++i, arg));
                case "--requests" -> requests = positive(value(args, ++i, arg), arg);
                case "--sessions" -> sessions = positive(value(args, ++i, arg), arg);
                case "--limit" -> limit = positive(value(args, ++i, arg), arg);
                case "--bound" -> bound = Duration.ofSeconds(positive(value(args, ++i, arg).replace("s", ""), arg));
                case "--echo-server-log" -> echo = true;
                case "--help", "-h" -> throw new IllegalArgumentException(usage());
                default -> throw new IllegalArgumentException("unknown option " + arg + "\n" + usage());
            }
        }
        return new FireOptions(seed, requests, sessions, limit, bound, echo);
    }

    static String usage() {
        return "usage: ServerUnderFire [--seed N] [--requests N] [--sessions N] [--limit N] [--bound 10s] [--echo-server-log]";
    }

    private static String value(String[] args, int index, String option) {
        if (index >= args.length) {
            throw new IllegalArgumentException(option + " needs a value\n" + usage());
        }
        return args[index];
    }

    private static int positive(String text, String option) {
        int value = Integer.parseInt(text);
        if (value <= 0) {
            throw new IllegalArgumentException(option + " must be positive");
        }
        return value;
    }
}
