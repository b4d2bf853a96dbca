package io.cludeobs.it.context;

import static org.assertj.core.api.Assertions.assertThat;

import io.cludeobs.it.support.Jdks;
import io.cludeobs.it.support.Jvm;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Acceptance 2: after 1,000,000 traced tasks through each pool kind, the heap still used after GC
 * has grown by less than 16 MiB. Measured in the app's own process (MemoryMXBean after GC).
 */
class RetainedHeapTest {

  private static final int TASKS = 1_000_000;
  private static final long LIMIT = 16L * 1024 * 1024;
  private static final Pattern LINE = Pattern.compile("heap-app (\\w+) ran (\\d+) retained (-?\\d+)");

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.cludeobs.it.support.Jdks#required")
  void aMillionTracedTasksPerPoolKindLeaveLessThan16MiB(String jdk) {
    Path home = Jdks.resolve(jdk);
    List<String> kinds = new ArrayList<>(List.of("threadPool", "forkJoin", "completableFuture"));
    if (Jdks.featureVersion(home) >= 21) {
      kinds.add("virtual");
    }
    List<String> args = new ArrayList<>();
    args.add(String.valueOf(TASKS));
    args.addAll(kinds);
    Jvm.Result run =
        Jvm.builder()
            .jdk(home)
            .jvmArgs("-Xmx512m", "-XX:+UseG1GC")
            .mainClass("com.acme.async.HeapApp")
            .args(args.toArray(new String[0]))
            .sysProp("clude.obs.pointcuts.task", "com.acme.async.HeapApp$HeapRun#traced")
            .run(Duration.ofSeconds(300));
    run.assertExitCode(0);

    List<String> seen = new ArrayList<>();
    Matcher m = LINE.matcher(run.stdout());
    while (m.find()) {
      String kind = m.group(1);
      seen.add(kind);
      assertThat(Long.parseLong(m.group(2))).as(kind + " tasks run").isEqualTo(TASKS);
      assertThat(Long.parseLong(m.group(3))).as(kind + " bytes retained after GC").isLessThan(LIMIT);
    }
    assertThat(seen).containsExactlyElementsOf(kinds);
    System.out.println(run.stdout());
  }
}
