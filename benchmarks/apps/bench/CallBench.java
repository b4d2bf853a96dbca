package bench;

import java.util.Arrays;

/**
 * Per-call benchmark app: times batches of calls of {@link Tool#execute(long)} after a warm-up and prints the median
 * batch cost as {@code ns_per_call=<value>}.
 *
 * <p>Arguments (all optional): warm-up milliseconds (2000), number of timed batches (15), target milliseconds per batch
 * (100).
 */
public final class CallBench {
  private CallBench() {}

  /** The method the agents instrument; it mixes its argument into a static field so the JIT cannot remove the call. */
  public static final class Tool {
    static long state = 0x9E3779B97F4A7C15L;

    public long execute(long x) {
      long h = (x ^ state) * 0xBF58476D1CE4E5B9L;
      state = h ^ (h >>> 31);
      return state;
    }
  }

  // Non-final so the JIT treats the receiver as unknown and the loop keeps its shape across configurations.
  static Tool tool = new Tool();
  static long sink;

  public static void main(String[] args) {
    long warmupMillis = args.length > 0 ? Long.parseLong(args[0]) : 2000L;
    int batches = args.length > 1 ? Integer.parseInt(args[1]) : 15;
    long batchMillis = args.length > 2 ? Long.parseLong(args[2]) : 100L;

    // Warm-up in fixed chunks until the deadline; the second half calibrates the batch size, since the first half
    // still runs interpreted or C1 code.
    final int chunk = 10_000;
    long start = System.nanoTime();
    long half = start + warmupMillis * 500_000L;
    long deadline = start + warmupMillis * 1_000_000L;
    long calls = 0L;
    long calibrationStart = 0L;
    long now;
    do {
      sink += run(chunk);
      now = System.nanoTime();
      if (now >= half) {
        if (calibrationStart == 0L) {
          calibrationStart = now;
        } else {
          calls += chunk;
        }
      }
    } while (now < deadline);
    double warmNsPerCall = calls == 0L ? 1_000.0 : (double) (now - calibrationStart) / calls;
    long batchSize = Math.max(chunk, (long) (batchMillis * 1_000_000L / warmNsPerCall));

    double[] nsPerCall = new double[batches];
    for (int b = 0; b < batches; b++) {
      long t0 = System.nanoTime();
      sink += run(batchSize);
      long t1 = System.nanoTime();
      nsPerCall[b] = (double) (t1 - t0) / batchSize;
    }
    double[] sorted = nsPerCall.clone();
    Arrays.sort(sorted);
    double median = batches % 2 == 1
        ? sorted[batches / 2]
        : (sorted[batches / 2 - 1] + sorted[batches / 2]) / 2.0;

    System.out.println("batches=" + batches + " batch_calls=" + batchSize + " min=" + fmt(sorted[0])
        + " max=" + fmt(sorted[batches - 1]) + " sink=" + (sink & 0xFF));
    System.out.println("ns_per_call=" + fmt(median));
  }

  private static long run(long n) {
    Tool t = tool;
    long acc = 0L;
    for (long i = 0; i < n; i++) {
      acc += t.execute(i);
    }
    return acc;
  }

  private static String fmt(double v) {
    return String.format(java.util.Locale.ROOT, "%.2f", v);
  }
}
