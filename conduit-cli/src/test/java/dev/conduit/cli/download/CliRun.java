package dev.conduit.cli.download;

import dev.conduit.cli.ConduitCli;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs {@code conduit download ...} in this JVM through the real command line, capturing its
 * standard output and error.
 *
 * @param exitCode the exit code
 * @param out      what it printed on standard output
 * @param err      what it printed on standard error
 */
record CliRun(int exitCode, String out, String err) {

    static CliRun download(Object... args) {
        return run(new CommandLine(new ConduitCli()), "download", args);
    }

    /** Runs a prepared {@link DownloadCommand} (with a replaced sink or stdin). */
    static CliRun download(DownloadCommand command, Object... args) {
        return run(new CommandLine(command), null, args);
    }

    private static CliRun run(CommandLine cli, String subcommand, Object... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
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
        int code = cli.execute(argv.toArray(String[]::new));
        return new CliRun(code, out.toString(), err.toString());
    }

    @Override
    public String toString() {
        return "exit " + exitCode + "\n--- out\n" + out + "--- err\n" + err;
    }
}
