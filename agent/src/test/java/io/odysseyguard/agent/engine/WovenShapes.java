package io.odysseyguard.agent.engine;

import java.io.IOException;

/** Methods of the shapes a hooked class may have, for {@link WeaverTest}: the weaver must keep each behaving as written. */
public class WovenShapes {
    public int count;

    public long open(long a, double b) {
        if (a > 0) {
            return a;
        }
        try {
            if (b > 1) {
                throw new IllegalStateException("caught by this method's own handler");
            }
            return 7;
        } catch (IllegalStateException e) {
            return -1;
        }
    }

    public double open(int n) {
        double d = n;
        for (int i = 0; i < n; i++) {
            d += i;
        }
        return d;
    }

    public Object open(String s) {
        return s == null ? null : s + "!";
    }

    public void open() {
        count++;
    }

    /** Its long and double parameters are its highest locals: the stash for a throwable goes right after them. */
    public double open(double x, long y) {
        if (y < 0) {
            throw new IllegalArgumentException("negative");
        }
        return x + y;
    }

    public int open(boolean fail) throws IOException {
        if (fail) {
            throw new IOException("boom");
        }
        return 1;
    }

    public void close() {
        count--;
    }

    public synchronized String close(String reason) {
        try {
            return reason.trim();
        } finally {
            count--;
        }
    }

    public void stop() {
        count += 10;
    }

    public void restart() {
        if (count > 100) {
            throw new IllegalStateException("restart failed");
        }
        count += 100;
    }

    public void shut() {
        while (count > 0) {
            count--;
        }
    }
}
