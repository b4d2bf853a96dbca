package io.cludeobs.agent.tracing;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Decides once, where a trace would start, whether it is recorded. Same arithmetic as the SDK's
 * {@code traceidratio} sampler, but on a random long, so the unsampled path allocates nothing.
 * Children never ask: they follow their parent.
 */
public final class HeadSampler {

  private final double ratio;
  private final long upperBound;

  public HeadSampler(double ratio) {
    this.ratio = Math.max(0.0, Math.min(1.0, ratio));
    this.upperBound = (long) (this.ratio * Long.MAX_VALUE);
  }

  public double ratio() {
    return ratio;
  }

  /** Whether a new root should be sampled. */
  public boolean sampleRoot() {
    if (ratio >= 1.0) {
      return true;
    }
    if (ratio <= 0.0) {
      return false;
    }
    return (ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE) < upperBound;
  }
}
