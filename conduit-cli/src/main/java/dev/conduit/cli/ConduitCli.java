package dev.conduit.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code conduit} program. Each job is a subcommand; this class only wires them together and
 * maps the outcome to an exit code (0 success, 1 the job failed, 2 bad usage).
 */
@Command(name = "conduit",
        mixinStandardHelpOptions = true,
        version = "conduit 0.1.0",
        description = "Pass data between threads: channels, pools and pipelines.",
        subcommands = {DemoCommand.class, dev.conduit.cli.download.DownloadCommand.class,
                dev.conduit.cli.download.StartupTraining.class, CommandLine.HelpCommand.class})
public final class ConduitCli implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /**
     * Runs the program.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /**
     * Runs the program without exiting the JVM, for tests.
     *
     * @param args the command line
     * @return the exit code
     */
    public static int run(String... args) {
        return new CommandLine(new ConduitCli()).execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
