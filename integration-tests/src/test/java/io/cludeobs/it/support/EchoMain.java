package io.cludeobs.it.support;

import java.io.File;
import java.nio.file.Path;

/**
 * A tiny program for the launcher's self-tests; each argument is a command run in order.
 *
 * <p>{@code out:TEXT}, {@code err:TEXT} print a line; {@code prop:NAME} prints {@code prop NAME=value};
 * {@code env:NAME} prints {@code env NAME=value}; {@code version} prints {@code version <feature>};
 * {@code hook} prints {@code shutdown hook ran} at JVM exit;
 * {@code sleep:MILLIS} sleeps; {@code spawn} starts a child EchoMain that sleeps and prints {@code child-pid N};
 * {@code exit:N} exits with N.
 */
public final class EchoMain {

  private EchoMain() {}

  /** Runs the commands in {@code args}. */
  public static void main(String[] args) throws Exception {
    for (String arg : args) {
      int colon = arg.indexOf(':');
      String command = colon < 0 ? arg : arg.substring(0, colon);
      String value = colon < 0 ? "" : arg.substring(colon + 1);
      switch (command) {
        case "out":
          System.out.println(value);
          break;
        case "err":
          System.err.println(value);
          break;
        case "prop":
          System.out.println("prop " + value + "=" + System.getProperty(value));
          break;
        case "env":
          System.out.println("env " + value + "=" + System.getenv(value));
          break;
        case "version":
          System.out.println("version " + Runtime.version().feature());
          break;
        case "hook":
          Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.println("shutdown hook ran")));
          break;
        case "sleep":
          System.out.flush();
          Thread.sleep(Long.parseLong(value));
          break;
        case "spawn":
          String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
          Process child =
              new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), EchoMain.class.getName(), "sleep:600000")
                  .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                  .redirectError(ProcessBuilder.Redirect.DISCARD)
                  .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                  .start();
          System.out.println("child-pid " + child.pid());
          break;
        case "exit":
          System.exit(Integer.parseInt(value));
          break;
        default:
          System.err.println("EchoMain: unknown command '" + arg + "'; use out:, err:, prop:, env:, version, hook, sleep:, spawn or exit:");
          System.exit(2);
      }
    }
  }
}
