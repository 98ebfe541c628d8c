package dev.conduit.cli;

import dev.conduit.examples.ChannelThroughput;
import dev.conduit.examples.Example;
import dev.conduit.examples.ExampleResult;
import dev.conduit.examples.Examples;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code conduit demo [NAME]}: runs one of the examples in {@code conduit-examples} (one per scenario
 * of the Python threading tutorials), or, with no name, the channel demo (several producers and
 * consumers over one bounded channel, stopped by closing it) followed by the list of examples.
 * Exit code 0 if the example's outcome was right, 1 if not, 2 for an unknown name or bad options.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Run an example of passing data between threads and show what happened.",
                "Without NAME: producers and consumers over a channel (the options below), then the list of examples."})
final class DemoCommand implements Callable<Integer> {

    /** The options that only the channel demo (no NAME) takes. */
    private static final List<String> CHANNEL_DEMO_OPTIONS = List.of("--producers", "--consumers", "--items", "--capacity");

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "NAME",
            description = "the example to run (see --list); none runs the channel demo")
    String name;

    @Option(names = "--list", description = "list the examples and exit")
    boolean list;

    @Option(names = "--producers", defaultValue = "2", description = "channel demo: producer threads (default ${DEFAULT-VALUE})")
    int producers;

    @Option(names = "--consumers", defaultValue = "2", description = "channel demo: consumer threads (default ${DEFAULT-VALUE})")
    int consumers;

    @Option(names = "--items", defaultValue = "1000000", description = "channel demo: items per producer (default ${DEFAULT-VALUE})")
    long items;

    @Option(names = "--capacity", defaultValue = "1024", description = "channel demo: channel capacity (default ${DEFAULT-VALUE})")
    int capacity;

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        if (list) {
            printList(out);
            return 0;
        }
        if (name == null) {
            if (producers < 1 || consumers < 1 || items < 0 || capacity < 0) {
                throw new ParameterException(spec.commandLine(),
                        "--producers and --consumers must be at least 1, --items and --capacity not negative");
            }
            ExampleResult result = ChannelThroughput.run(producers, consumers, items, capacity, out);
            out.println();
            out.println("More demos, one for each scenario of the Python threading tutorials:");
            printList(out);
            return result.ok() ? 0 : 1;
        }
        Example example = Examples.find(name).orElseThrow(() -> new ParameterException(spec.commandLine(),
                "unknown demo '" + name + "'; the demos are: " + String.join(", ", Examples.names())));
        List<String> misplaced = CHANNEL_DEMO_OPTIONS.stream()
                .filter(o -> spec.commandLine().getParseResult().hasMatchedOption(o)).toList();
        if (!misplaced.isEmpty()) {
            throw new ParameterException(spec.commandLine(), String.join(", ", misplaced)
                    + (misplaced.size() == 1 ? " applies" : " apply") + " only to the channel demo ('conduit demo' with no NAME), not to '" + name + "'");
        }
        out.printf("== %s (%s %s; %s)%n", example.name(), example.seeds().contains(",") ? "seeds" : "seed",
                example.seeds(), example.type().getSimpleName());
        out.printf("   in Python: %s%n%n", example.scenario());
        ExampleResult result = example.run(out);
        out.println();
        out.println(result.ok() ? "outcome: as expected" : "outcome: NOT as expected: " + result);
        return result.ok() ? 0 : 1;
    }

    private static void printList(PrintStream out) {
        int width = Examples.names().stream().mapToInt(String::length).max().orElse(0);
        for (Example e : Examples.all()) {
            out.printf("  %-" + width + "s  %s%n", e.name(), e.shows());
        }
        out.println("Run one with: conduit demo NAME   (list them with: conduit demo --list)");
    }
}
