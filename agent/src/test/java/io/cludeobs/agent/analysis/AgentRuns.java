package io.cludeobs.agent.analysis;

import io.cludeobs.agent.store.StoredSpan;
import io.cludeobs.agent.store.StoredTrace;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Synthetic stored agent runs: tasks of LLM turns, each followed by tool calls, with noise from a seeded random;
 * every pattern the detectors look for is off by default and switched on by one field.
 */
final class AgentRuns {

  static final long T0 = 1_700_000_000_000_000_000L;
  static final long MS = 1_000_000L;

  int tasks = 40;
  int turns = 4;
  /** Tool calls after each LLM turn, one after another. */
  int toolsPerTurn = 1;
  long llmMs = 1200;
  long toolMs = 900;
  /** Pause between calls (the agent's own code). */
  long gapMs = 300;
  long inputTokens = 2000;
  /** Input tokens added per turn within a task. */
  long tokenGrowthPerTurn = 0;
  /** Extra tool latency per task, in ms: a drift over the run. */
  double toolDriftMsPerTask = 0;
  /** Tool error probability at the first and the last task, linear in between. */
  double toolErrorsFirst = 0;
  double toolErrorsLast = 0;
  /** How often each task reads the same config file. */
  int configReadsPerTask = 1;
  /** Task index that gets one very slow tool call, or -1. */
  int slowToolTask = -1;
  long slowToolMs = 0;

  private final Random random;
  private int spanCounter;

  AgentRuns(long seed) {
    this.random = new Random(seed);
  }

  static String traceId(int n) {
    return String.format(Locale.ROOT, "%032x", n + 1);
  }

  List<StoredTrace> traces() {
    List<StoredSpan> spans = new ArrayList<>();
    long taskStart = T0;
    for (int t = 0; t < tasks; t++) {
      String trace = traceId(t);
      String taskId = nextId();
      List<StoredSpan> children = new ArrayList<>();
      long now = taskStart + gapMs * MS;
      double errorP = tasks == 1 ? toolErrorsFirst : toolErrorsFirst + (toolErrorsLast - toolErrorsFirst) * t / (tasks - 1);
      for (int r = 0; r < configReadsPerTask; r++) {
        long d = noisy(5);
        children.add(file(trace, taskId, "/app/config.yaml", now, d));
        now += d * MS + MS;
      }
      for (int turn = 0; turn < turns; turn++) {
        long d = noisy(llmMs);
        long tokens = inputTokens + tokenGrowthPerTurn * turn + (long) (random.nextGaussian() * inputTokens * 0.05);
        children.add(llm(trace, taskId, now, d, tokens));
        now += (d + noisy(gapMs)) * MS;
        for (int k = 0; k < toolsPerTurn; k++) {
          long td = noisy(toolMs + (long) (toolDriftMsPerTask * t));
          if (t == slowToolTask && turn == 0 && k == 0) {
            td = slowToolMs;
          }
          children.add(tool(trace, taskId, "search", now, td, random.nextDouble() < errorP));
          children.add(file(trace, children.get(children.size() - 1).spanId(), "/repo/src/F" + t + "_" + turn + "_" + k + ".java", now + MS, 2));
          now += (td + noisy(gapMs)) * MS;
        }
      }
      spans.add(span(trace, taskId, null, "invoke_agent Agent.run", taskStart, now - taskStart, false, attrs("task", "code.function.name", "app.Agent.run")));
      spans.addAll(children);
      taskStart = now + 2000 * MS;
    }
    return StoredTrace.group(spans);
  }

  private long noisy(long ms) {
    return Math.max(1, Math.round(ms * (1 + 0.1 * random.nextGaussian())));
  }

  private String nextId() {
    return String.format(Locale.ROOT, "%016x", ++spanCounter);
  }

  private StoredSpan llm(String trace, String parent, long start, long ms, long tokens) {
    Map<String, Object> a = attrs("llm", "gen_ai.request.model", "gpt-test");
    a.put("gen_ai.usage.input_tokens", tokens);
    return span(trace, nextId(), parent, "chat gpt-test", start, ms * MS, false, a);
  }

  private StoredSpan tool(String trace, String parent, String name, long start, long ms, boolean error) {
    return span(trace, nextId(), parent, "execute_tool " + name, start, ms * MS, error, attrs("tool", "gen_ai.tool.name", name));
  }

  private StoredSpan file(String trace, String parent, String path, long start, long ms) {
    Map<String, Object> a = new LinkedHashMap<>();
    a.put("clude.file.operation", "read");
    a.put("file.path", path);
    return span(trace, nextId(), parent, "file.read", start, ms * MS, false, a);
  }

  static Map<String, Object> attrs(String category, String key, String value) {
    Map<String, Object> a = new LinkedHashMap<>();
    a.put("clude.category", category);
    a.put(key, value);
    return a;
  }

  static StoredSpan span(
      String trace, String id, String parent, String name, long start, long duration, boolean error, Map<String, Object> a) {
    return new StoredSpan(
        trace, id, parent, name, SpanKind.INTERNAL, start, start + duration, error ? StatusCode.ERROR : StatusCode.UNSET, "", a, "svc");
  }
}
