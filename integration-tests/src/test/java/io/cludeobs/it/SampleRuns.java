package io.cludeobs.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.cludeobs.it.support.Jvm;
import io.cludeobs.it.support.SpanTree;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.trace.v1.Span;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The sample app's configuration and what one task of it must produce. */
final class SampleRuns {

  static final String TASK = "com.acme.app.Agent#handle";
  static final String LLM = "com.acme.app.llm.LlmClient+#complete";
  static final String TOOL = "com.acme.app.tools.AgentTool+#execute(..);@com.acme.app.tools.Tool";
  static final String SPAN = "com.acme.app.Planner#plan(int); com.acme.app.Cache#lookup(java.lang.String)";

  static final String[] TREE_KEYS = {
    "gen_ai.operation.name",
    "gen_ai.request.model",
    "gen_ai.response.model",
    "gen_ai.usage.input_tokens",
    "gen_ai.usage.output_tokens",
    "gen_ai.tool.name",
    "code.function.name",
    "error.type"
  };

  /** The exact tree one task of {@code SampleApp} gives. */
  static final String ONE_TASK_TREE =
      "invoke_agent Agent.handle [gen_ai.operation.name=invoke_agent, code.function.name=com.acme.app.Agent.handle]\n"
          + "  chat acme-model-1 [gen_ai.operation.name=chat, gen_ai.request.model=acme-model-1,"
          + " gen_ai.response.model=acme-model-1-2025, gen_ai.usage.input_tokens=10, gen_ai.usage.output_tokens=5,"
          + " code.function.name=com.acme.app.llm.ScriptedLlm.complete]\n"
          + "  execute_tool read [gen_ai.operation.name=execute_tool, gen_ai.tool.name=read,"
          + " code.function.name=com.acme.app.tools.ReadTool.execute]\n"
          + "    Cache.lookup [code.function.name=com.acme.app.Cache.lookup]\n"
          + "  execute_tool web_search [gen_ai.operation.name=execute_tool, gen_ai.tool.name=web_search,"
          + " code.function.name=com.acme.app.tools.SearchTools.search]\n"
          + "  execute_tool execute [gen_ai.operation.name=execute_tool, gen_ai.tool.name=execute,"
          + " code.function.name=com.acme.app.tools.FailingTool.execute, error.type=java.lang.IllegalStateException] !ERROR\n"
          + "  Planner.plan [code.function.name=com.acme.app.Planner.plan]\n"
          + "  chat acme-model-1 [gen_ai.operation.name=chat, gen_ai.request.model=acme-model-1,"
          + " gen_ai.response.model=acme-model-1-2025, gen_ai.usage.input_tokens=20, gen_ai.usage.output_tokens=7,"
          + " code.function.name=com.acme.app.llm.ScriptedLlm.complete]\n";

  static final int SPANS_PER_TASK = 8;

  private SampleRuns() {}

  /** A launcher for {@code SampleApp} with the four pointcut categories set. */
  static Jvm.Builder sampleApp(Path jdk, String... args) {
    return Jvm.builder()
        .jdk(jdk)
        .mainClass("com.acme.app.SampleApp")
        .args(args)
        .sysProp("clude.obs.pointcuts.task", TASK)
        .sysProp("clude.obs.pointcuts.llm", LLM)
        .sysProp("clude.obs.pointcuts.tool", TOOL)
        .sysProp("clude.obs.pointcuts.span", SPAN);
  }

  /** Lines the agent wrote on stderr (the JVM's own class-sharing notice is not ours). */
  static List<String> agentLines(String stderr) {
    return stderr.lines().filter(l -> l.startsWith("clude-obs:")).collect(Collectors.toList());
  }

  static String tree(List<Span> spans) {
    return SpanTree.render(spans, TREE_KEYS);
  }

  /** The last copy received of a metric: exports are cumulative, so it holds the run's totals. */
  static Metric last(List<Metric> metrics, String name) {
    Metric found = null;
    for (Metric m : metrics) {
      if (m.getName().equals(name)) {
        found = m;
      }
    }
    assertThat(found).as("metric %s among %s", name, names(metrics)).isNotNull();
    return found;
  }

  static List<String> names(List<Metric> metrics) {
    return metrics.stream().map(Metric::getName).distinct().sorted().collect(Collectors.toList());
  }

  /** Histogram points keyed by their attributes rendered as {@code k=v,k=v} (in the order received). */
  static Map<String, HistogramDataPoint> histogramPoints(Metric metric) {
    Map<String, HistogramDataPoint> out = new LinkedHashMap<>();
    for (HistogramDataPoint p : metric.getHistogram().getDataPointsList()) {
      out.put(attributes(p.getAttributesList()), p);
    }
    return out;
  }

  static Map<String, Long> sumPoints(Metric metric) {
    Map<String, Long> out = new LinkedHashMap<>();
    List<NumberDataPoint> points = metric.hasSum() ? metric.getSum().getDataPointsList() : new ArrayList<>();
    for (NumberDataPoint p : points) {
      out.put(attributes(p.getAttributesList()), p.getAsInt());
    }
    return out;
  }

  static String attributes(List<KeyValue> kvs) {
    return SpanTree.attributes(kvs).entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .map(e -> e.getKey() + "=" + e.getValue())
        .collect(Collectors.joining(","));
  }
}
