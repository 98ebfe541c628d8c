package dev.conduit.examples;

import java.io.PrintStream;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Seed 003: a dictionary that five threads write 100 keys each into holds all 500.
 *
 * <p>In Python the seed wraps a {@code dict} in a class that takes a lock in every method. That makes
 * each call safe, but not a sequence of calls: "if the key is absent, put it" or "read the count,
 * write count + 1" can still lose updates between the two calls. {@link ConcurrentHashMap} is safe
 * for many readers and writers without one big lock, and it does the compound updates atomically:
 * {@code merge(key, 1, Integer::sum)} counts without losing an increment, and
 * {@code computeIfAbsent} creates each value exactly once even when several threads ask for it.
 */
public final class SafeDictionary {

    /** Writer threads and keys per writer, as in the seed. */
    static final int WRITERS = 5, KEYS = 100;

    private SafeDictionary() {
    }

    /**
     * The outcome.
     *
     * @param size             keys after every writer wrote its own 100: 500
     * @param wordCountsAllFive whether every shared word was counted exactly once by each writer (5)
     * @param valuesCreated    how many values {@code computeIfAbsent} created for 100 keys that all
     *                         writers asked for: 100
     */
    public record Result(int size, boolean wordCountsAllFive, int valuesCreated) implements ExampleResult {
        @Override
        public boolean ok() {
            return size == WRITERS * KEYS && wordCountsAllFive && valuesCreated == KEYS;
        }
    }

    /**
     * Runs the example.
     *
     * @param out where to print what it shows
     * @return the outcome
     * @throws InterruptedException if interrupted while waiting for the threads
     */
    public static Result run(PrintStream out) throws InterruptedException {
        // The seed's test: each writer its own keys.
        ConcurrentHashMap<String, Integer> d = new ConcurrentHashMap<>();
        Threads.runTogether(WRITERS, "writer", id -> {
            for (int i = 0; i < KEYS; i++) {
                d.put("key-" + id + "-" + i, i);
            }
        });
        out.printf("%d writers x %d keys each: %d items%n", WRITERS, KEYS, d.size());

        // A compound update: every writer counts the same words.
        ConcurrentHashMap<String, Integer> counts = new ConcurrentHashMap<>();
        Threads.runTogether(WRITERS, "counter", id -> {
            for (int i = 0; i < KEYS; i++) {
                counts.merge("word-" + i, 1, Integer::sum); // read, add and write as one step
            }
        });
        boolean allFive = counts.size() == KEYS && counts.values().stream().allMatch(c -> c == WRITERS);
        out.printf("%d threads counting the same %d words with merge(): every count is %d: %s%n",
                WRITERS, KEYS, WRITERS, allFive);

        // Create-once: every writer asks for the same keys; each value is built exactly once.
        ConcurrentHashMap<String, String> cache = new ConcurrentHashMap<>();
        AtomicInteger created = new AtomicInteger();
        Threads.runTogether(WRITERS, "cache", id -> {
            for (int i = 0; i < KEYS; i++) {
                cache.computeIfAbsent("page-" + i, key -> {
                    created.incrementAndGet(); // stands for an expensive load
                    return "contents of " + key;
                });
            }
        });
        out.printf("%d threads asking computeIfAbsent() for the same %d keys: %d values created%n",
                WRITERS, KEYS, created.get());
        return new Result(d.size(), allFive, created.get());
    }
}
