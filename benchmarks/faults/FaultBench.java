import io.cludeobs.it.support.FaultyCollector;
import io.cludeobs.it.support.FaultyCollector.Fault;
import io.cludeobs.it.support.OtlpReceiver.Protocol;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Runs FaultsApp (the fault tests' workload) under each collector fault, the cases alternating run by run so that
 * machine noise hits them alike, and prints per case the median (min..max) over the runs of the app's own workload
 * time and of the whole process's wall time, and the workload median against the agent's out-of-the-box setup (no
 * collector configured: traces go to the local store). Asserts nothing.
 */
public final class FaultBench {

  /** One configuration: {@code collectors} is null for the runs without OTLP. */
  private static final class Case {
    final String name;
    final Protocol protocol;
    final boolean agent;
    final Supplier<FaultyCollector> collectors;
    final long[] workload;
    final long[] process;

    Case(String name, Protocol protocol, boolean agent, Supplier<FaultyCollector> collectors, int runs) {
      this.name = name;
      this.protocol = protocol;
      this.agent = agent;
      this.collectors = collectors;
      this.workload = new long[runs];
      this.process = new long[runs];
    }
  }

  public static void main(String[] args) throws Exception {
    String jar = args[0];
    String classpath = args[1];
    int runs = Integer.parseInt(args[2]);
    String tasks = args[3];
    Path work = Files.createTempDirectory("clude-fault-bench-");
    List<Case> cases = new ArrayList<>();
    cases.add(new Case("no agent", null, false, null, runs));
    cases.add(new Case("local store (baseline)", null, true, null, runs));
    for (Protocol protocol : Protocol.values()) {
      cases.add(new Case("refused (none up)", protocol, true, () -> FaultyCollector.down(protocol), runs));
      cases.add(new Case("healthy collector", protocol, true, () -> FaultyCollector.start(protocol, Fault.NONE), runs));
      cases.add(new Case("black hole", protocol, true, () -> FaultyCollector.blackHole(protocol), runs));
      cases.add(new Case("slow (5 s)", protocol, true, () -> FaultyCollector.start(protocol, Fault.SLOW), runs));
      cases.add(new Case("500 / UNAVAILABLE", protocol, true, () -> FaultyCollector.start(protocol, Fault.ERROR), runs));
      cases.add(new Case("429 / RES_EXHAUSTED", protocol, true, () -> FaultyCollector.start(protocol, Fault.THROTTLE), runs));
    }
    for (int i = 0; i < runs; i++) {
      for (Case c : cases) {
        run(work, jar, classpath, tasks, c, i);
      }
      System.err.println("[faults] round " + (i + 1) + "/" + runs + " done");
    }
    long baseline = median(cases.get(1).workload);
    System.out.printf(
        Locale.ROOT, "%-24s %-14s %22s %22s %12s%n", "case", "protocol", "workload ms", "process ms", "vs baseline");
    for (Case c : cases) {
      System.out.printf(
          Locale.ROOT, "%-24s %-14s %22s %22s %12s%n", c.name,
          c.protocol == null ? "-" : c.protocol.name().toLowerCase(Locale.ROOT), spread(c.workload), spread(c.process),
          c.agent ? String.format(Locale.ROOT, "%+.1f%%", 100.0 * (median(c.workload) - baseline) / baseline) : "");
    }
  }

  private static void run(Path work, String jar, String classpath, String tasks, Case c, int i) throws Exception {
    Path dir = Files.createTempDirectory(work, "run-");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    FaultyCollector collector = c.collectors == null ? null : c.collectors.get();
    try {
      if (c.agent) {
        command.add("-javaagent:" + jar);
        command.add("-Dclude.obs.data_dir=" + dir.resolve("data"));
        command.add("-Dclude.obs.tracing.exporter=" + (collector == null ? "file" : "otlp"));
        command.add("-Dclude.obs.metrics.storage_backend=file");
        command.add("-Dclude.obs.pointcuts.task=com.acme.app.Agent#handle");
        command.add("-Dclude.obs.pointcuts.llm=com.acme.app.llm.LlmClient+#complete");
        command.add("-Dclude.obs.pointcuts.tool=com.acme.app.tools.AgentTool+#execute(..);@com.acme.app.tools.Tool");
        command.add("-Dclude.obs.pointcuts.span=com.acme.app.Planner#plan(int); com.acme.app.Cache#lookup(java.lang.String)");
      }
      command.addAll(Arrays.asList("-cp", classpath, "com.acme.faults.FaultsApp", tasks, "0", dir.resolve("started").toString()));
      ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
      builder.environment().keySet().removeIf(k -> k.startsWith("OTEL_") || k.startsWith("CLUDE_OBS_"));
      if (collector != null) {
        builder.environment().put("OTEL_EXPORTER_OTLP_ENDPOINT", collector.endpoint());
        builder.environment().put("OTEL_EXPORTER_OTLP_PROTOCOL", c.protocol == Protocol.GRPC ? "grpc" : "http/protobuf");
      }
      long start = System.nanoTime();
      Process p = builder.start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      p.waitFor();
      c.process[i] = (System.nanoTime() - start) / 1_000_000;
      for (String line : out.split("\n")) {
        if (line.startsWith("faults-app workload-millis ")) {
          c.workload[i] = Long.parseLong(line.substring("faults-app workload-millis ".length()).trim());
        }
      }
    } finally {
      if (collector != null) {
        collector.close();
      }
    }
  }

  private static String spread(long[] values) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    return median(values) + " (" + sorted[0] + ".." + sorted[sorted.length - 1] + ")";
  }

  private static long median(long[] values) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }
}
