package io.odysseyguard.client;

import java.time.Duration;

/** No streamer became free (the server kept answering 503) within the builder's queue timeout. */
public class QueueTimeoutException extends OdysseyException {

    private final Duration queueTimeout;

    public QueueTimeoutException(Duration queueTimeout) {
        super("No streamer became available within the queue timeout of " + queueTimeout.toMillis() + " ms");
        this.queueTimeout = queueTimeout;
    }

    public Duration queueTimeout() {
        return queueTimeout;
    }
}
