package io.cludeobs.agent.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code clude-obs metrics}: commands that read metrics from the local store. */
@Command(name = "metrics", description = "Show metrics from the local store.", subcommands = MetricsStatusCommand.class)
public final class MetricsCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
  boolean help;

  /** Without a subcommand there is nothing to do: print usage and signal a usage error. */
  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return CliFailure.USAGE;
  }
}
