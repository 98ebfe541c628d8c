package dev.conduit.pool;

import java.util.List;

/**
 * Thrown by {@link WorkerPool#close()} when tasks failed and nobody observed the failures through
 * their {@link Task} handles (and the pool has no error handler). The first failure is the
 * {@linkplain #getCause() cause}; every one of them, the first included, is in {@link #failures()},
 * and the others are also attached as {@linkplain #getSuppressed() suppressed} exceptions, so a
 * stack trace shows them all.
 */
public final class UnobservedTaskFailuresException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient List<Throwable> failures;

    /**
     * Creates the exception.
     *
     * @param poolName the pool that ran the tasks
     * @param failures the unobserved failures, at least one, in the order they happened
     */
    public UnobservedTaskFailuresException(String poolName, List<Throwable> failures) {
        super(failures.size() + " task failure(s) in worker pool '" + poolName
                + "' were never observed through Task.join()/get(); the first: " + failures.get(0), failures.get(0));
        this.failures = List.copyOf(failures);
        for (int i = 1; i < failures.size(); i++) {
            addSuppressed(failures.get(i));
        }
    }

    /**
     * Lists the failures nobody observed.
     *
     * @return every unobserved failure, in the order the tasks failed
     */
    public List<Throwable> failures() {
        return failures;
    }
}
