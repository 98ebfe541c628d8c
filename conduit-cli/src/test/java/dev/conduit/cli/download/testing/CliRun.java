package dev.conduit.cli.download.testing;

import dev.conduit.cli.download.command.DownloadCommand;
import dev.conduit.cli.ConduitCli;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Runs {@code conduit download ...} in this JVM through the real command line, capturing its
 * standard output and error.
 *
 * @param exitCode the exit code
 * @param out      what it printed on standard output
 * @param err      what it printed on standard error
 */
public record CliRun(int exitCode, String out, String err) {

    public static CliRun download(Object... args) {
        return run(ConduitCli::commandLine, "download", args);
    }

    /** Runs a prepared {@link DownloadCommand} (with a replaced sink or stdin). */
    public static CliRun download(DownloadCommand command, Object... args) {
        return run(argv -> new CommandLine(DownloadCommand.spec(command)), null, args);
    }

    private static CliRun run(Function<String[], CommandLine> cliFor, String subcommand, Object... args) {
        List<String> argv = new ArrayList<>();
        if (subcommand != null) {
            argv.add(subcommand);
        }
        for (Object a : args) {
            if (a instanceof List<?> list) {
                list.forEach(x -> argv.add(String.valueOf(x)));
            } else {
                argv.add(String.valueOf(a));
            }
        }
        String[] line = argv.toArray(String[]::new);
        CommandLine cli = cliFor.apply(line);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(line);
        return new CliRun(code, out.toString(), err.toString());
    }

    @Override
    public String toString() {
        return "exit " + exitCode + "\n--- out\n" + out + "--- err\n" + err;
    }
}
