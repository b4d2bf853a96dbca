package bench;

/**
 * Context for the per-call numbers: prints the cost of one {@link System#nanoTime()} on this machine as
 * {@code ns_per_nanotime=<value>}, since a timer on a woven method needs a clock read at entry and at exit.
 */
public final class ClockCost {
  private ClockCost() {}

  public static void main(String[] args) {
    final int calls = 10_000_000;
    long sink = 0L;
    double best = Double.MAX_VALUE;
    // Best of several rounds: the first ones include interpretation and compilation.
    for (int round = 0; round < 7; round++) {
      long t0 = System.nanoTime();
      for (int i = 0; i < calls; i++) {
        sink += System.nanoTime();
      }
      long t1 = System.nanoTime();
      best = Math.min(best, (double) (t1 - t0) / calls);
    }
    System.out.println("sink=" + (sink & 0xFF));
    System.out.println("ns_per_nanotime=" + String.format(java.util.Locale.ROOT, "%.1f", best));
  }
}
