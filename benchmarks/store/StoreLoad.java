import java.util.concurrent.locks.LockSupport;

/**
 * The workload for the store benchmark: tasks of one root, LLM and tool calls and a nested span, run under the
 * agent so that the real exporter writes the store and its index. Arguments: number of tasks.
 */
public final class StoreLoad {

  public static void main(String[] args) {
    int tasks = Integer.parseInt(args[0]);
    long sink = 0;
    for (int i = 0; i < tasks; i++) {
      sink += handle(i);
      // Keeps the exporter's queue from overflowing: the store should hold every span, not a sample.
      if (i % 100 == 99) {
        LockSupport.parkNanos(10_000_000L);
      }
    }
    System.out.println("tasks " + tasks + " sink " + sink);
  }

  static long handle(int task) {
    long x = complete(task);
    x += tool(task);
    x += complete(task + 1);
    x += tool(task + 2);
    x += complete(task + 3);
    x += tool(task + 4);
    x += plan(task);
    return x;
  }

  static long complete(int n) {
    return n * 31L;
  }

  static long tool(int n) {
    return lookup(n) + 1;
  }

  static long lookup(int n) {
    return n ^ 0x5f;
  }

  static long plan(int n) {
    return n % 7;
  }
}
