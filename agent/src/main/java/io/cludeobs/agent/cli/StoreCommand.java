package io.cludeobs.agent.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Options every command over the local store shares, and one way to fail: a single line on stderr and a non-zero
 * exit, with the stack trace only under {@code --verbose}.
 */
abstract class StoreCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
  boolean help;

  @Option(
      names = "--data-dir",
      paramLabel = "<dir>",
      defaultValue = "${env:CLUDE_OBS_DATA_DIR:-${sys:user.home}/.clude-obs}",
      description = "Local store to read (the app's clude.obs.data_dir). Default: $CLUDE_OBS_DATA_DIR or ~/.clude-obs")
  Path dataDir;

  @Option(names = "--json", description = "Print JSON instead of a table.")
  boolean json;

  @Option(names = "--verbose", description = "On failure, print the stack trace too.")
  boolean verbose;

  PrintWriter out;
  PrintWriter err;
  Terminal terminal;

  @Override
  public final Integer call() {
    out = spec.commandLine().getOut();
    err = spec.commandLine().getErr();
    terminal = Terminal.detect();
    try {
      return execute();
    } catch (CliFailure f) {
      err.println("clude-obs " + spec.name() + ": " + f.getMessage());
      return f.exitCode;
    } catch (Exception | Error e) {
      err.println(
          "clude-obs "
              + spec.name()
              + ": failed on "
              + dataDir
              + " ("
              + e
              + ")"
              + (verbose ? "" : "; rerun with --verbose for the stack trace"));
      if (verbose) {
        e.printStackTrace(err);
      }
      return CliFailure.NO_DATA;
    } finally {
      out.flush();
      err.flush();
    }
  }

  abstract int execute() throws Exception;

  /** The data dir, which must exist; a missing one is the most common mistake, so it gets its own line. */
  Path existingDataDir() throws CliFailure {
    if (!Files.isDirectory(dataDir)) {
      throw new CliFailure(
          CliFailure.NO_DATA,
          "data dir "
              + dataDir
              + (Files.exists(dataDir) ? " is not a directory" : " does not exist")
              + "; pass --data-dir <the app's clude.obs.data_dir>");
    }
    return dataDir;
  }
}
