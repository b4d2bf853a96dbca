package io.cludeobs.agent.cli;

import io.cludeobs.agent.config.AgentConfig;
import io.cludeobs.agent.config.ConfigSources;
import io.cludeobs.agent.pointcut.Category;
import io.cludeobs.agent.pointcut.PointcutScanner;
import io.cludeobs.agent.pointcut.PointcutSet;
import io.cludeobs.agent.weaving.Weaver;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code pointcuts check}: a dry run listing every method a configuration would weave. */
@Command(
    name = "pointcuts",
    mixinStandardHelpOptions = true,
    description = "Work with pointcut configuration.",
    subcommands = {PointcutsCommand.Check.class})
final class PointcutsCommand implements Runnable {

  @Override
  public void run() {
    new picocli.CommandLine(this).usage(System.out);
  }

  @Command(
      name = "check",
      mixinStandardHelpOptions = true,
      description = {
        "Lists, per category and pointcut, every method the configuration would weave in the given classes.",
        "Exits 1 when the configuration has an error."
      })
  static final class Check implements Callable<Integer> {

    @Option(
        names = "--classpath",
        required = true,
        split = ":",
        paramLabel = "<jars-or-dirs>",
        description = "Jars and class directories to scan, separated by '${sys:path.separator}'.")
    List<Path> classpath = new ArrayList<>();

    @Option(names = "--config", paramLabel = "<file>", description = "A clude-obs.toml file (else ./clude-obs.toml if present).")
    Path config;

    @Option(
        names = "-D",
        paramLabel = "<key=value>",
        description = "A setting as a system property would give it, e.g. -Dclude.obs.pointcuts.tool='com.acme.*Tool+#execute'.")
    Map<String, String> properties = new HashMap<>();

    @Override
    public Integer call() throws Exception {
      PrintStream out = System.out;
      List<String> problems = new ArrayList<>();
      Map<String, String> props = new HashMap<>(properties);
      if (config != null) {
        props.put("clude.obs.config", config.toString());
      }
      AgentConfig cfg = AgentConfig.load(ConfigSources.of(props, System.getenv(), Paths.get("").toAbsolutePath()), problems::add);
      Map<Category, PointcutSet> sets = Weaver.pointcuts(cfg, problems::add);
      for (Path entry : classpath) {
        if (!Files.exists(entry)) {
          problems.add("--classpath: " + entry + " does not exist; give existing jars or class directories");
        }
      }
      for (String p : problems) {
        System.err.println("clude-obs: " + p);
      }
      Map<Category, Map<String, List<String>>> result = PointcutScanner.scan(classpath, sets);
      int total = 0;
      for (Map.Entry<Category, Map<String, List<String>>> category : result.entrySet()) {
        for (Map.Entry<String, List<String>> pointcut : category.getValue().entrySet()) {
          int n = pointcut.getValue().size();
          out.println(category.getKey().key() + "  " + pointcut.getKey() + "  (" + n + (n == 1 ? " method)" : " methods)"));
          for (String method : pointcut.getValue()) {
            out.println("    " + method);
          }
          total += pointcut.getValue().size();
        }
      }
      out.println(total + (total == 1 ? " method" : " methods") + " would be woven (budget " + cfg.maxWovenMethods() + ")");
      if (total > cfg.maxWovenMethods()) {
        System.err.println(
            "clude-obs: clude.obs.pointcuts.max_methods: "
                + total
                + " methods selected, more than the budget of "
                + cfg.maxWovenMethods()
                + "; narrow the pointcuts or raise clude.obs.pointcuts.max_methods");
      }
      return problems.isEmpty() ? 0 : 1;
    }
  }
}
