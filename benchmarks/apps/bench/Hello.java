package bench;

/** Start-up benchmark app: a hello-world main that also makes one call of the woven tool method. */
public final class Hello {
  private Hello() {}

  public static void main(String[] args) {
    // One woven call, so start-up includes the agent's first transform and first span, not just premain.
    long result = new CallBench.Tool().execute(42L);
    System.out.println("hello " + (result != 0L));
  }
}
