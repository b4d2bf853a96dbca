package io.cludeobs.agent.report;

import io.cludeobs.agent.analysis.Finding;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collections;
import java.util.List;

/** Where the report's bottleneck findings come from, e.g. {@code BottleneckDetector::detect}. */
@FunctionalInterface
public interface FindingSource {

  /** No detector: the report says so in its findings section. */
  FindingSource NONE = (dataDir, from, until) -> Collections.emptyList();

  /** The findings over the store under {@code dataDir} between {@code from} (inclusive) and {@code until}. */
  List<Finding> detect(Path dataDir, Instant from, Instant until) throws Exception;
}
