package dev.conduit.nats;

import dev.conduit.workqueue.WorkQueueUnavailableException;
import io.nats.client.JetStreamApiException;

import java.io.IOException;
import java.time.Duration;

/**
 * Retries a call to the broker while the failure is one that waiting mends (a timeout, a lost
 * connection, JetStream not ready yet after a restart), for at most the queue's patience, with
 * backoff from 10 ms up to 500 ms. Other failures are thrown at once.
 */
final class Patience {
    /** A call to the broker. */
    @FunctionalInterface
    interface BrokerCall<R> {
        R call() throws IOException, JetStreamApiException, InterruptedException;
    }

    private final String where;
    private final Duration patience;

    Patience(String where, Duration patience) {
        this.where = where;
        this.patience = patience;
    }

    /** Runs {@code call}, retrying transient failures; an interrupt ends the wait. */
    <R> R retry(String what, BrokerCall<R> call) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        long backoff = 10;
        for (;;) {
            try {
                return call.call();
            } catch (IOException | JetStreamApiException | IllegalStateException e) {
                if (!isTransient(e) || System.nanoTime() - deadline > 0) {
                    throw unavailable(what, e);
                }
            }
            Thread.sleep(backoff);
            backoff = Math.min(500, backoff * 2);
        }
    }

    /** Like {@link #retry}, but an interrupt does not end the wait; it is kept for the caller. */
    <R> R retryUninterruptibly(String what, BrokerCall<R> call) {
        boolean interrupted = false;
        try {
            for (;;) {
                try {
                    return retry(what, call);
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    WorkQueueUnavailableException unavailable(String what, Exception e) {
        return new WorkQueueUnavailableException(what + " failed at " + where + ": " + reason(e), e);
    }

    static String reason(Exception e) {
        String m = e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m;
    }

    /** @return whether waiting may mend this failure */
    static boolean isTransient(Exception e) {
        if (e instanceof JetStreamApiException api) {
            // 503: JetStream not (yet) available; 10008: JetStream temporarily unavailable.
            return api.getErrorCode() == 503 || api.getApiErrorCode() == 10008;
        }
        if (e instanceof IllegalStateException) {
            // jnats says so while it reconnects; a connection we closed ourselves is final.
            String m = String.valueOf(e.getMessage());
            return !m.contains("Closed");
        }
        return true;   // IOException: timeouts, no responders while JetStream starts, lost connections
    }

    static boolean isNoResponders(Exception e) {
        return String.valueOf(e.getMessage()).contains("503");
    }
}
