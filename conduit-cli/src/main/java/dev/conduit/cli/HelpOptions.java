package dev.conduit.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * {@code -h/--help} and {@code -V/--version} for commands declared with picocli's programmatic API.
 * picocli's own {@code mixinStandardHelpOptions} is an annotated class, and reading it costs what
 * the programmatic declaration saves (see {@link ConduitCli}).
 */
public final class HelpOptions {
    private HelpOptions() {
    }

    /**
     * Adds the two options to a command; picocli prints the usage or the version when one is given,
     * instead of running the command.
     *
     * @param spec the command
     * @return the same command
     */
    public static CommandSpec addTo(CommandSpec spec) {
        spec.addOption(OptionSpec.builder("-h", "--help").usageHelp(true).type(boolean.class).arity("0")
                .description("Show this help message and exit.").build());
        spec.addOption(OptionSpec.builder("-V", "--version").versionHelp(true).type(boolean.class).arity("0")
                .description("Print version information and exit.").build());
        return spec;
    }
}
