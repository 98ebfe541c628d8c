package dev.conduit.pipeline;

import java.time.Duration;
import java.util.Objects;

/**
 * What a stage does when its function throws for an item. Errors never vanish: a failed item either
 * stops the pipeline ({@link #failFast()}) or is listed, with its exception, in
 * {@link PipelineResult#failures()} ({@link #skip()}).
 *
 * <p>Set per stage with {@link Pipeline#onError(ErrorPolicy)} or for every stage that sets none with
 * {@link Pipeline#defaultErrorPolicy(ErrorPolicy)}; the default is {@link #failFast()}.
 */
public sealed interface ErrorPolicy permits ErrorPolicy.FailFast, ErrorPolicy.Skip, ErrorPolicy.Retry {

    /**
     * The first failure cancels the pipeline: every stage stops, items in flight are reported as not
     * processed, and {@link Pipeline#run()} throws a {@link PipelineFailedException} naming the item.
     *
     * @return the fail-fast policy (the default)
     */
    static ErrorPolicy failFast() {
        return FailFast.INSTANCE;
    }

    /**
     * A failed item goes into {@link PipelineResult#failures()} with its exception and the pipeline
     * goes on without it.
     *
     * @return the skip policy
     */
    static ErrorPolicy skip() {
        return Skip.INSTANCE;
    }

    /**
     * Tries a failed item again up to {@code retries} more times, waiting {@code backoff}, then twice
     * that, four times that, and so on (at most 30 s) between attempts; if the last attempt fails too,
     * fails fast. Use {@link Retry#thenSkip()} to skip the item instead. The wait runs in the worker
     * thread and counts as busy time; cancelling the pipeline interrupts it.
     *
     * @param retries how many more attempts after the first, at least 1
     * @param backoff the wait before the first retry, zero or more
     * @return a retry policy that fails fast when retries run out
     * @throws IllegalArgumentException if {@code retries < 1} or {@code backoff} is negative or null
     */
    static Retry retry(int retries, Duration backoff) {
        return new Retry(retries, backoff, false);
    }

    /** See {@link #failFast()}. */
    enum FailFast implements ErrorPolicy {
        /** The only instance. */
        INSTANCE
    }

    /** See {@link #skip()}. */
    enum Skip implements ErrorPolicy {
        /** The only instance. */
        INSTANCE
    }

    /**
     * See {@link #retry(int, Duration)}.
     *
     * @param retries         attempts after the first, at least 1
     * @param backoff         the wait before the first retry; it doubles for each further retry
     * @param skipWhenExhausted {@code true} to skip the item when retries run out, {@code false} to fail fast
     */
    record Retry(int retries, Duration backoff, boolean skipWhenExhausted) implements ErrorPolicy {
        /** The longest wait between two attempts, however many retries are allowed. */
        public static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

        /**
         * Checks the arguments.
         *
         * @throws IllegalArgumentException if {@code retries < 1} or {@code backoff} is negative or null
         */
        public Retry {
            if (retries < 1) {
                throw new IllegalArgumentException("retry count must be at least 1, was " + retries);
            }
            if (backoff == null || backoff.isNegative()) {
                throw new IllegalArgumentException("retry backoff must be zero or positive, was " + backoff);
            }
        }

        /**
         * Makes the retry policy skip the item once its retries are spent.
         *
         * @return the same retries, then the item goes into the failures and the pipeline goes on
         */
        public Retry thenSkip() {
            return new Retry(retries, backoff, true);
        }

        /**
         * Makes the retry policy fail the pipeline once its retries are spent.
         *
         * @return the same retries, then the pipeline fails fast (the default)
         */
        public Retry thenFail() {
            return new Retry(retries, backoff, false);
        }

        /**
         * The wait before attempt {@code attempt + 1}, given that {@code attempt} attempts failed.
         *
         * @param failedAttempts attempts that failed so far, at least 1
         * @return the backoff to wait
         */
        public Duration delayAfter(int failedAttempts) {
            Objects.checkIndex(failedAttempts - 1, Integer.MAX_VALUE);
            int doublings = Math.min(failedAttempts - 1, 30);
            Duration d = backoff.multipliedBy(1L << doublings);
            return d.compareTo(MAX_BACKOFF) > 0 || d.isNegative() ? MAX_BACKOFF : d;
        }
    }
}
