package io.cludeobs.agent.report;

import io.cludeobs.agent.profiling.ProfileAnalysis;
import io.cludeobs.agent.profiling.ResourceUsage;
import java.util.LinkedHashMap;
import java.util.Map;

/** The profiler's span-linked analysis as the report's profile source: flame graphs per trace and per tool. */
public final class SpanLinkedProfiles implements ProfileSource {

  private final ProfileAnalysis analysis;

  public SpanLinkedProfiles(ProfileAnalysis analysis) {
    this.analysis = analysis;
  }

  @Override
  public Map<String, Long> flameGraph(Kind kind, String traceId, String tool) {
    ProfileAnalysis.Filter filter =
        traceId != null
            ? ProfileAnalysis.Filter.trace(traceId)
            : tool != null ? ProfileAnalysis.Filter.tool(tool) : ProfileAnalysis.Filter.all();
    return kind == Kind.CPU ? analysis.flameGraph(filter) : analysis.allocationFlameGraph(filter);
  }

  @Override
  public boolean linkedToSpans() {
    return true;
  }

  @Override
  public Map<String, Map<String, Long>> resourcesByTool() {
    Map<String, Map<String, Long>> out = new LinkedHashMap<>();
    for (Map.Entry<String, ResourceUsage> e : analysis.resourcesByTool().entrySet()) {
      ResourceUsage u = e.getValue();
      Map<String, Long> columns = new LinkedHashMap<>();
      columns.put("cpu_samples", u.cpuSamples());
      columns.put("alloc_bytes", u.allocatedBytes());
      columns.put("file_io_bytes", u.fileIoBytes());
      out.put(e.getKey(), columns);
    }
    return out;
  }
}
