package io.cludeobs.it.soak;

import static org.assertj.core.api.Assertions.assertThat;

import io.cludeobs.it.support.Jvm;
import io.cludeobs.it.support.OtlpReceiver;
import io.cludeobs.it.support.OtlpReceiver.Protocol;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The sample app's task in a loop for 10 minutes (soak.seconds) under the agent, exporting to a loopback OTLP
 * receiver and the local store: heap after GC, threads and open files show no upward trend. Only with -Psoak.
 */
@Tag("soak")
class SoakTest {

  static final int SPANS_PER_TASK = 8;
  static final long HEAP_SLACK_BYTES = 8L * 1024 * 1024;
  private static final Pattern SAMPLE =
      Pattern.compile("soak sample t=(\\d+) tasks=(\\d+) heap=(\\d+) threads=(\\d+) fds=(\\d+)");

  @Test
  void heapThreadsAndFilesStayFlat() {
    long seconds = Long.getLong("soak.seconds", 600);
    try (OtlpReceiver receiver = OtlpReceiver.start(Protocol.HTTP_PROTOBUF)) {
      Jvm.Result run =
          Jvm.builder()
              .mainClass("io.cludeobs.it.soak.SoakApp")
              .args(String.valueOf(seconds), "50")
              .jvmArgs("-Xmx256m")
              .sysProp("clude.obs.pointcuts.task", "com.acme.app.Agent#handle")
              .sysProp("clude.obs.pointcuts.llm", "com.acme.app.llm.LlmClient+#complete")
              .sysProp("clude.obs.pointcuts.tool", "com.acme.app.tools.AgentTool+#execute(..);@com.acme.app.tools.Tool")
              .sysProp("clude.obs.pointcuts.span", "com.acme.app.Planner#plan(int); com.acme.app.Cache#lookup(java.lang.String)")
              .sysProp("otel.exporter.otlp.endpoint", receiver.endpoint())
              .sysProp("clude.obs.tracing.exporter", "otlp,file")
              .run(Duration.ofSeconds(seconds + 120));
      run.assertExitCode(0);
      assertThat(run.stderr().lines().filter(l -> l.startsWith("clude-obs")).count()).as(run.stderr()).isZero();

      List<long[]> samples = new ArrayList<>();
      run.stdout().lines().forEach(l -> {
        Matcher m = SAMPLE.matcher(l);
        if (m.matches()) {
          samples.add(new long[] {
            Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), Long.parseLong(m.group(3)),
            Long.parseLong(m.group(4)), Long.parseLong(m.group(5))});
        }
      });
      System.out.println("soak samples (t, tasks, heap, threads, fds):");
      samples.forEach(s -> System.out.println("  " + s[0] + " " + s[1] + " " + s[2] + " " + s[3] + " " + s[4]));
      assertThat(samples).hasSizeGreaterThanOrEqualTo(6);

      // the first sample is warm-up (classes loading, exporter connections opening)
      List<long[]> steady = samples.subList(1, samples.size());
      int third = steady.size() / 3;
      List<long[]> first = steady.subList(0, third);
      List<long[]> last = steady.subList(steady.size() - third, steady.size());
      long firstHeap = median(first, 2);
      long lastHeap = median(last, 2);
      System.out.println("soak heap median first third=" + firstHeap + " last third=" + lastHeap);
      assertThat(lastHeap).isLessThanOrEqualTo(firstHeap + Math.max(HEAP_SLACK_BYTES, firstHeap / 5));
      assertThat(max(last, 3)).as("threads").isLessThanOrEqualTo(max(first, 3));
      assertThat(max(last, 4)).as("open files").isLessThanOrEqualTo(max(first, 4));

      long tasks = Long.parseLong(run.stdout().lines().filter(l -> l.startsWith("soak done tasks=")).findFirst()
          .orElseThrow().substring("soak done tasks=".length()));
      assertThat(receiver.awaitSpans((int) (tasks * SPANS_PER_TASK), Duration.ofSeconds(30))).hasSize((int) (tasks * SPANS_PER_TASK));
    }
  }

  private static long median(List<long[]> samples, int column) {
    long[] values = samples.stream().mapToLong(s -> s[column]).sorted().toArray();
    return values[values.length / 2];
  }

  private static long max(List<long[]> samples, int column) {
    return samples.stream().mapToLong(s -> s[column]).max().orElseThrow();
  }
}
