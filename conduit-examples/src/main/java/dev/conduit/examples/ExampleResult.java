package dev.conduit.examples;

/**
 * What an example returns: its outcome as plain numbers and lists that a test can check, plus the
 * one verdict the command line turns into its exit code.
 */
public interface ExampleResult {

    /**
     * Tells whether the run showed what the example claims (the balance adds up, every item arrived
     * exactly once, the order is right...).
     *
     * @return {@code true} if the example's invariant held
     */
    boolean ok();
}
