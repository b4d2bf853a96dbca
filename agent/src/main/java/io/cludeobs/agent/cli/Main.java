package io.cludeobs.agent.cli;

import java.util.Arrays;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code clude-obs} command line: {@code java -jar clude-obs.jar <command>}. */
@Command(
    name = "clude-obs",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Reads what the clude-obs agent recorded, and checks agent configuration.",
    subcommands = {
      PointcutsCommand.class,
      TracesCommand.class,
      MetricsCommand.class,
      AuditCommand.class,
      ProfileCommand.class,
      BottlenecksCommand.class,
      CleanupCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs a command and returns its exit code; the seed's spelling {@code observability <command>} is accepted. */
  public static int run(String... args) {
    if (args.length > 0 && "observability".equals(args[0])) {
      args = Arrays.copyOfRange(args, 1, args.length);
    }
    return commandLine().execute(args);
  }

  /** The command line with its error handling, ready to execute. */
  static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new Main());
    // One line for a mistyped command or option, not the message followed by the whole usage text.
    cli.setParameterExceptionHandler(
        (e, failedArgs) -> {
          CommandLine failed = e.getCommandLine();
          failed.getErr().println(
              "clude-obs: " + e.getMessage() + "; see '" + failed.getCommandSpec().qualifiedName() + " --help'");
          return CommandLine.ExitCode.USAGE;
        });
    return cli;
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** Version from the jar manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"clude-obs " + (v == null ? "dev" : v)};
    }
  }
}
