package io.cludeobs.agent.profiling;

import static org.assertj.core.api.Assertions.assertThat;

import io.cludeobs.agent.profiling.ProfileAnalysis.Filter;
import io.cludeobs.agent.profiling.ProfileAnalysis.ProfiledSpan;
import io.cludeobs.agent.profiling.ProfileAnalysis.Sample;
import io.cludeobs.agent.profiling.ProfileAnalysis.SampleKind;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Attribution of samples to spans on hand-made data with known answers. */
class ProfileAnalysisTest {

  private static final String TRACE_A = "0000000000000000000000000000000a";
  private static final String TRACE_B = "0000000000000000000000000000000b";

  // thread 1: task A [0, 100] with tool grep [10, 40] and llm [50, 90]; thread 2: tool grep of task A [20, 60]
  // (run on a worker), and task B [200, 300] with tool read [210, 250]
  private static final List<ProfiledSpan> SPANS =
      Arrays.asList(
          span(TRACE_A, "a-task", null, "task", "invoke_agent A.run", null, 1, 0, 100),
          span(TRACE_A, "a-grep", "a-task", "tool", "execute_tool grep", "grep", 1, 10, 40),
          span(TRACE_A, "a-llm", "a-task", "llm", "chat m", null, 1, 50, 90),
          span(TRACE_A, "a-grep2", "a-task", "tool", "execute_tool grep", "grep", 2, 20, 60),
          span(TRACE_B, "b-task", null, "task", "invoke_agent A.run", null, 1, 200, 300),
          span(TRACE_B, "b-read", "b-task", "tool", "execute_tool read", "read", 1, 210, 250));

  private static ProfiledSpan span(
      String trace, String id, String parent, String category, String name, String tool, long thread, long start, long end) {
    return new ProfiledSpan(trace, id, parent, category, name, tool, thread, start, end);
  }

  private static Sample cpu(long thread, long t, String stack) {
    return new Sample(SampleKind.CPU, thread, t, stack, 1);
  }

  private static final List<Sample> SAMPLES =
      Arrays.asList(
          cpu(1, 5, "main;Agent.run"), // task A itself
          cpu(1, 15, "main;Agent.run;Grep.scan"), // grep
          cpu(1, 30, "main;Agent.run;Grep.scan"), // grep
          cpu(1, 40, "main;Agent.run;Grep.scan"), // grep: the end is inside
          cpu(2, 25, "worker;Grep.scan"), // grep on the worker
          cpu(2, 70, "worker;Idle.spin"), // worker after its span: outside any span
          cpu(1, 95, "main;Agent.run"), // task A after the llm call
          cpu(1, 220, "main;Agent.run;Read.file"), // read in task B
          cpu(3, 220, "gc;Gc.work"), // a thread with no spans
          new Sample(SampleKind.ALLOCATION, 1, 16, "main;Agent.run;Grep.scan;byte[]", 4096),
          new Sample(SampleKind.ALLOCATION, 1, 230, "main;Agent.run;Read.file", 1000),
          new Sample(SampleKind.FILE_READ, 1, 240, "main;Read.file", 500),
          new Sample(SampleKind.FILE_WRITE, 2, 30, "worker;Grep.out", 70));

  private final ProfileAnalysis analysis = ProfileAnalysis.of(SPANS, SAMPLES);

  @Test
  void innermostSpanOnTheSampledThread() {
    List<ProfiledSpan> thread1 = Arrays.asList(SPANS.get(0), SPANS.get(1), SPANS.get(2));
    assertThat(ProfileAnalysis.innermost(thread1, 5).spanId()).isEqualTo("a-task");
    assertThat(ProfileAnalysis.innermost(thread1, 10).spanId()).isEqualTo("a-grep");
    assertThat(ProfileAnalysis.innermost(thread1, 45).spanId()).isEqualTo("a-task");
    assertThat(ProfileAnalysis.innermost(thread1, 60).spanId()).isEqualTo("a-llm");
    assertThat(ProfileAnalysis.innermost(thread1, 101)).isNull();
    assertThat(ProfileAnalysis.innermost(thread1, -1)).isNull();
  }

  @Test
  void resourcesBySpanAreInclusive() {
    java.util.Map<String, ResourceUsage> bySpan = analysis.resourcesBySpan();

    assertThat(bySpan.keySet()).containsExactly("a-task", "a-grep", "a-grep2", "a-llm", "b-task", "b-read");
    // task A: 2 own + 3 grep on thread 1 + 1 grep on the worker (its child by parent id)
    assertThat(bySpan.get("a-task").cpuSamples()).isEqualTo(6);
    assertThat(bySpan.get("a-task").allocatedBytes()).isEqualTo(4096);
    assertThat(bySpan.get("a-task").fileWriteBytes()).isEqualTo(70);
    assertThat(bySpan.get("a-grep").cpuSamples()).isEqualTo(3);
    assertThat(bySpan.get("a-grep2").cpuSamples()).isEqualTo(1);
    assertThat(bySpan.get("a-llm").cpuSamples()).isEqualTo(0);
    assertThat(bySpan.get("b-task").cpuSamples()).isEqualTo(1);
    assertThat(bySpan.get("b-read").fileReadBytes()).isEqualTo(500);
    assertThat(bySpan.get("b-read").fileIoBytes()).isEqualTo(500);
    assertThat(bySpan.get("b-read").traceId()).isEqualTo(TRACE_B);
  }

  @Test
  void resourcesByToolSumTheirCalls() {
    java.util.Map<String, ResourceUsage> byTool = analysis.resourcesByTool();

    assertThat(byTool.keySet()).containsExactly("grep", "read");
    assertThat(byTool.get("grep").spans()).isEqualTo(2);
    assertThat(byTool.get("grep").cpuSamples()).isEqualTo(4);
    assertThat(byTool.get("grep").allocatedBytes()).isEqualTo(4096);
    assertThat(byTool.get("grep").fileWriteBytes()).isEqualTo(70);
    assertThat(byTool.get("read").cpuSamples()).isEqualTo(1);
    assertThat(byTool.get("read").allocatedBytes()).isEqualTo(1000);
  }

  @Test
  void categoriesAddUpToTheTotal() {
    java.util.Map<String, ResourceUsage> byCategory = analysis.resourcesByCategory();

    assertThat(byCategory.get("tool").cpuSamples()).isEqualTo(5);
    assertThat(byCategory.get("task").cpuSamples()).isEqualTo(2);
    assertThat(byCategory.get("none").cpuSamples()).isEqualTo(2);
    assertThat(byCategory.get("llm").cpuSamples()).isEqualTo(0);
    assertThat(analysis.total().cpuSamples()).isEqualTo(9);
    assertThat(analysis.total().allocatedBytes()).isEqualTo(5096);
  }

  @Test
  void flameGraphsForAllOneTraceOneToolOneSpan() {
    assertThat(analysis.flameGraph(Filter.all()))
        .containsEntry("main;Agent.run", 2L)
        .containsEntry("main;Agent.run;Grep.scan", 3L)
        .containsEntry("worker;Grep.scan", 1L)
        .containsEntry("worker;Idle.spin", 1L)
        .containsEntry("main;Agent.run;Read.file", 1L)
        .containsEntry("gc;Gc.work", 1L)
        .hasSize(6);
    assertThat(analysis.flameGraph(Filter.trace(TRACE_B))).containsOnly(entry("main;Agent.run;Read.file", 1L));
    assertThat(analysis.flameGraph(Filter.tool("grep")))
        .containsOnly(entry("main;Agent.run;Grep.scan", 3L), entry("worker;Grep.scan", 1L));
    assertThat(analysis.flameGraph(Filter.span("a-grep2"))).containsOnly(entry("worker;Grep.scan", 1L));
    assertThat(analysis.allocationFlameGraph(Filter.tool("grep")))
        .containsOnly(entry("main;Agent.run;Grep.scan;byte[]", 4096L));
  }

  private static java.util.Map.Entry<String, Long> entry(String k, long v) {
    return new java.util.AbstractMap.SimpleEntry<>(k, v);
  }
}
