package bench;

/** Start-up benchmark app: hello world plus one call of the woven tool method, so the agent's first weave and first
 * span are part of the start-up cost. */
public final class HelloTool {
  private HelloTool() {}

  public static void main(String[] args) {
    long result = new CallBench.Tool().execute(42L);
    System.out.println("hello " + (result != 0L));
  }
}
