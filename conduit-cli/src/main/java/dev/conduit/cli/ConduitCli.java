package dev.conduit.cli;

import dev.conduit.cli.download.command.DownloadCommand;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The {@code conduit} program. Each job is a subcommand; this class only wires them together and
 * maps the outcome to an exit code (0 success, 1 the job failed, 2 bad usage).
 *
 * <p>Start-up matters: {@code conduit download} is measured against {@code curl}, and a run is
 * often well under a second. So the root command is declared with picocli's programmatic API, and
 * a command line that names a subcommand first builds only that one: {@code download} is
 * programmatic too, and the annotated subcommands ({@code demo}, the hidden
 * {@code startup-training}, {@code help}) are read only when they may run or be listed.
 */
public final class ConduitCli implements Runnable {
    /** What {@code --version} prints. */
    public static final String VERSION = "conduit 0.1.0";

    private final CommandSpec spec;

    private ConduitCli() {
        spec = CommandSpec.wrapWithoutInspection(this).name("conduit").version(VERSION);
        spec.usageMessage().description("Pass data between threads: channels, pools and pipelines.");
        HelpOptions.addTo(spec);
    }

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
        return commandLine(args).execute(args);
    }

    /**
     * The program's command line with every subcommand, as {@code conduit --help} lists them.
     *
     * @return a new command line; set its output and run it with {@link CommandLine#execute}
     */
    public static CommandLine commandLine() {
        return commandLine(new String[0]);
    }

    /**
     * The program's command line for these arguments: with only the subcommand they name first, or
     * with every subcommand when the first names none.
     *
     * @param args the arguments it will be run with
     * @return a new command line; set its output and run it with {@link CommandLine#execute}
     */
    public static CommandLine commandLine(String... args) {
        String first = args.length > 0 ? args[0] : "";
        CommandLine cli = new CommandLine(new ConduitCli().spec);
        if (first.equals("download")) {
            cli.addSubcommand("download", download());
        } else if (first.equals("startup-training")) {
            cli.addSubcommand("startup-training", new StartupTraining(ConduitCli::commandLine));
        } else {
            cli.addSubcommand("demo", new DemoCommand());
            cli.addSubcommand("download", download());
            cli.addSubcommand("queue", new QueueCommand());
            cli.addSubcommand("startup-training", new StartupTraining(ConduitCli::commandLine));
            cli.addSubcommand("help", new CommandLine.HelpCommand());
        }
        cli.setParameterExceptionHandler(ConduitCli::usageError); // after the subcommands: it is set on them too
        return cli;
    }

    /**
     * Bad usage, said in one line with where to look, as GNU tools do; the usage text itself only
     * with {@code --help}. Exit code 2.
     */
    private static int usageError(CommandLine.ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        String name = command.getCommandSpec().qualifiedName();
        String hint = "";
        if (e instanceof CommandLine.UnmatchedArgumentException unmatched && !unmatched.getSuggestions().isEmpty()) {
            hint = "; did you mean " + String.join(" or ", unmatched.getSuggestions()) + "?";
        }
        command.getErr().println(name + ": " + e.getMessage() + hint + " (see '" + name + " --help')");
        command.getErr().flush();
        return command.getCommandSpec().exitCodeOnInvalidInput();
    }

    private static CommandLine download() {
        return new CommandLine(HelpOptions.addTo(DownloadCommand.spec(new DownloadCommand()).version(VERSION)));
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
