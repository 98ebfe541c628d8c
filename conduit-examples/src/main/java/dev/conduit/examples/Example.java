package dev.conduit.examples;

import java.io.PrintStream;
import java.util.Objects;

/**
 * One runnable example: the scenario of a seed tutorial it answers and how to run it.
 *
 * @param name     the name for {@code conduit demo NAME}, lower case with dashes
 * @param seeds    which seed tutorials show the scenario, e.g. {@code "001, 003"}
 * @param scenario the scenario as the seed shows it in Python
 * @param shows    one line on what the Java example shows
 * @param type     the class that holds the example, for the README and {@code --list}
 * @param runner   runs the example, printing to the given stream
 */
public record Example(String name, String seeds, String scenario, String shows, Class<?> type, Runner runner) {

    /** Runs an example, printing what it shows, and returns its outcome. */
    @FunctionalInterface
    public interface Runner {
        /**
         * Runs the example in the calling thread; it starts and joins its own threads, so when this
         * returns no thread of the example is left running.
         *
         * @param out where the example prints what it shows
         * @return the outcome
         * @throws Exception if the example itself fails (its checks are in the result, not thrown)
         */
        ExampleResult run(PrintStream out) throws Exception;
    }

    /**
     * Checks that every part is present.
     *
     * @throws NullPointerException if any part is {@code null}
     */
    public Example {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(seeds, "seeds");
        Objects.requireNonNull(scenario, "scenario");
        Objects.requireNonNull(shows, "shows");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(runner, "runner");
    }

    /**
     * Runs the example.
     *
     * @param out where the example prints what it shows
     * @return the outcome
     * @throws Exception if the example itself fails
     */
    public ExampleResult run(PrintStream out) throws Exception {
        return runner.run(out);
    }
}
