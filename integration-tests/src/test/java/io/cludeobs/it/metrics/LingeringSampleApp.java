package io.cludeobs.it.metrics;

import com.acme.app.SampleApp;

/**
 * Runs {@link SampleApp}'s tasks, then stays up so that a scraper can read the results; the test
 * stops it.
 */
public final class LingeringSampleApp {

  private LingeringSampleApp() {}

  /** Arguments: number of tasks, then seconds to stay up afterwards (default 120). */
  public static void main(String[] args) throws InterruptedException {
    SampleApp.main(new String[] {args[0]});
    System.out.println("lingering");
    Thread.sleep(1000L * (args.length > 1 ? Integer.parseInt(args[1]) : 120));
  }
}
