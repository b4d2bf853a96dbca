/** An application that does nothing for the given number of seconds: what is left is the agent's. */
public final class Idle {
  public static void main(String[] args) throws InterruptedException {
    Thread.sleep(1000L * Long.parseLong(args[0]));
  }
}
