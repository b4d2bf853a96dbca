package com.acme.faults;

/** What the tests need to know of {@link FaultsApp}: its result computed in the test JVM, without any agent. */
public final class FaultsProbe {

  /** App threads running tasks: main and the workers. */
  public static final int THREADS = FaultsApp.WORKERS + 1;

  private FaultsProbe() {}

  /** The workload line FaultsApp prints for {@code tasks} tasks a thread. */
  public static String expectedResult(int tasks) throws InterruptedException {
    return FaultsApp.run(tasks);
  }
}
