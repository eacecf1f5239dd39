package io.odysseyguard.agent.it.target;

/** A connection whose close never returns. */
public class HangingConnection {
    public static final String TARGET = "io.odysseyguard.agent.it.target.HangingConnection#open/close";

    private final FileConnection log;
    private final String id;

    public HangingConnection(String log, String id) {
        this.log = new FileConnection(log, id);
        this.id = id;
    }

    public void open() {
        log.append("open " + id);
    }

    public void close() {
        log.append("close-start " + id);
        while (true) {
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException ignored) {
                // hang on
            }
        }
    }
}
