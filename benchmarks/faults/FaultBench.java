import io.cludeobs.it.support.FaultyCollector;
import io.cludeobs.it.support.FaultyCollector.Fault;
import io.cludeobs.it.support.OtlpReceiver.Protocol;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Runs FaultsApp (the fault tests' workload) under each collector fault and prints the median over the runs of the
 * app's own workload time and of the whole process's wall time; asserts nothing.
 */
public final class FaultBench {

  public static void main(String[] args) throws Exception {
    String jar = args[0];
    String classpath = args[1];
    int runs = Integer.parseInt(args[2]);
    String tasks = args[3];
    Path work = Files.createTempDirectory("clude-fault-bench-");
    System.out.printf(Locale.ROOT, "%-22s %-14s %14s %14s%n", "case", "protocol", "workload ms", "process ms");
    row(work, jar, classpath, runs, tasks, "no agent", null, null);
    for (Protocol protocol : Protocol.values()) {
      row(work, jar, classpath, runs, tasks, "no collector", protocol, () -> FaultyCollector.down(protocol));
      row(work, jar, classpath, runs, tasks, "healthy collector", protocol, () -> FaultyCollector.start(protocol, Fault.NONE));
      row(work, jar, classpath, runs, tasks, "black hole", protocol, () -> FaultyCollector.blackHole(protocol));
      row(work, jar, classpath, runs, tasks, "slow (5 s)", protocol, () -> FaultyCollector.start(protocol, Fault.SLOW));
      row(work, jar, classpath, runs, tasks, "500 / UNAVAILABLE", protocol, () -> FaultyCollector.start(protocol, Fault.ERROR));
      row(work, jar, classpath, runs, tasks, "429 / RES_EXHAUSTED", protocol, () -> FaultyCollector.start(protocol, Fault.THROTTLE));
    }
  }

  private static void row(
      Path work, String jar, String classpath, int runs, String tasks, String name, Protocol protocol,
      Supplier<FaultyCollector> collectors) throws Exception {
    long[] workload = new long[runs];
    long[] process = new long[runs];
    for (int i = 0; i < runs; i++) {
      Path dir = Files.createTempDirectory(work, "run-");
      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      FaultyCollector collector = collectors == null ? null : collectors.get();
      try {
        if (collector != null) {
          command.add("-javaagent:" + jar);
          command.add("-Dclude.obs.data_dir=" + dir.resolve("data"));
          command.add("-Dclude.obs.tracing.exporter=otlp");
          command.add("-Dclude.obs.metrics.storage_backend=file");
          command.add("-Dclude.obs.pointcuts.task=com.acme.app.Agent#handle");
          command.add("-Dclude.obs.pointcuts.llm=com.acme.app.llm.LlmClient+#complete");
          command.add("-Dclude.obs.pointcuts.tool=com.acme.app.tools.AgentTool+#execute(..);@com.acme.app.tools.Tool");
          command.add("-Dclude.obs.pointcuts.span=com.acme.app.Planner#plan(int); com.acme.app.Cache#lookup(java.lang.String)");
        }
        command.addAll(Arrays.asList("-cp", classpath, "com.acme.faults.FaultsApp", tasks, "0", dir.resolve("started").toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
        if (collector != null) {
          builder.environment().put("OTEL_EXPORTER_OTLP_ENDPOINT", collector.endpoint());
          builder.environment().put("OTEL_EXPORTER_OTLP_PROTOCOL", protocol == Protocol.GRPC ? "grpc" : "http/protobuf");
        }
        long start = System.nanoTime();
        Process p = builder.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        process[i] = (System.nanoTime() - start) / 1_000_000;
        for (String line : out.split("\n")) {
          if (line.startsWith("faults-app workload-millis ")) {
            workload[i] = Long.parseLong(line.substring("faults-app workload-millis ".length()).trim());
          }
        }
      } finally {
        if (collector != null) {
          collector.close();
        }
      }
    }
    System.out.printf(
        Locale.ROOT, "%-22s %-14s %14d %14d%n", name, protocol == null ? "-" : protocol.name().toLowerCase(Locale.ROOT),
        median(workload), median(process));
  }

  private static long median(long[] values) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }
}
