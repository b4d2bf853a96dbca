package io.cludeobs.agent.pointcut;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class TypeGlobTest {

  @ParameterizedTest(name = "{0} ~ {1} = {2}")
  @CsvSource({
    "com.acme.*, com.acme.Foo, true",
    "com.acme.*, com.acme.x.Foo, false",
    "com.acme.*, com.acmeX.Foo, false",
    "com.acme.*, com.Foo, false",
    "com.acme..*Tool, com.acme.ReadTool, true",
    "com.acme..*Tool, com.acme.x.y.ReadTool, true",
    "com.acme..*Tool, com.acme.Tool, true",
    "com.acme..*Tool, com.acme.ReadTools, false",
    "com.acme..*Tool, com.acmex.ReadTool, false",
    "com.acme..*Tool, org.com.acme.ReadTool, false",
    "com..Agent, com.Agent, true",
    "com..Agent, com.x.y.Agent, true",
    "com..Agent, com.x.MyAgent, false",
    "com..Agent, com.Agentx, false",
    "com..Agent, org.com.Agent, false",
    "com.acme.Outer$*, com.acme.Outer$Inner, true",
    "com.acme.Outer$*, com.acme.Outer$Inner$Deep, true",
    "com.acme.Outer$*, com.acme.Outer, false",
    "..*Tool, ReadTool, true",
    "..*Tool, a.b.ReadTool, true",
    "..*Tool, a.b.Tools, false",
    "*, Foo, true",
    "*, a.Foo, false",
    ".., a.b.C, true",
    "*..*, a.b.C, true",
    "*..*, A, false",
    "com.*.Agent, com.x.Agent, true",
    "com.*.Agent, com.Agent, false",
    "com.*.Agent, com.x.y.Agent, false",
    "com.acme.Re*To*l, com.acme.ReadTool, true",
    "com.acme.Re*To*l, com.acme.ReTol, true",
    "com.acme.Re*To*l, com.acme.ReadTools, false",
    "com.acme.**, com.acme.Foo, true",
    "com.acme.Agent, com.acme.Agent, true",
    "com.acme.Agent, com.acme.Agent2, false",
    "com.., com.a.B, true",
    "com.., org.a.B, false",
  })
  void matchesBinaryNames(String glob, String name, boolean expected) {
    assertThat(TypeGlob.compile(glob).matches(name)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} -> ''{1}''")
  @CsvSource({
    "java.util.*, java.util.",
    "java..*, java.",
    "..*Tool, ''",
    "com.acme.Agent, com.acme.Agent",
    "jav*.X, jav",
    "com.acme..Foo*, com.acme.",
  })
  void literalPrefixIsWhatEveryMatchStartsWith(String glob, String prefix) {
    assertThat(TypeGlob.compile(glob).literalPrefix()).isEqualTo(prefix);
  }

  @Test
  void onlyGlobsThatCanReachJavaPackagesKeepWalkingIntoThem() {
    assertThat(TypeGlob.compile("com.acme.Tool").mayMatchJavaPackage()).isFalse();
    assertThat(TypeGlob.compile("java.util.concurrent.Callable").mayMatchJavaPackage()).isTrue();
    assertThat(TypeGlob.compile("ja*.Foo").mayMatchJavaPackage()).isTrue();
    assertThat(TypeGlob.compile("..*Tool").mayMatchJavaPackage()).isTrue();
  }

  @Test
  void wildcardOnlyGlobs() {
    assertThat(TypeGlob.compile("*").isAllWildcards()).isTrue();
    assertThat(TypeGlob.compile("..*").isAllWildcards()).isTrue();
    assertThat(TypeGlob.compile("*..*").isAllWildcards()).isTrue();
    assertThat(TypeGlob.compile("..").isAllWildcards()).isTrue();
    assertThat(TypeGlob.compile("..*Tool").isAllWildcards()).isFalse();
  }

  @Test
  void matchingDoesNotAllocate() {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    TypeGlob deep = TypeGlob.compile("com.acme..*Tool");
    TypeGlob nested = TypeGlob.compile("com.acme.Outer$*");
    String[] names = {"com.acme.x.y.ReadTool", "org.example.Foo", "com.acme.Outer$Inner"};
    long tid = Thread.currentThread().getId();
    assertThat(threads.getThreadAllocatedBytes(tid)).as("allocation counting works").isPositive();
    // rounds that overlap class loading or JIT compilation may allocate; a steady-state round must not
    long fewest = Long.MAX_VALUE;
    for (int round = 0; round < 10; round++) {
      long before = threads.getThreadAllocatedBytes(tid);
      int hits = 0;
      for (int i = 0; i < 10_000; i++) {
        hits += count(deep, nested, names);
      }
      long allocated = threads.getThreadAllocatedBytes(tid) - before;
      assertThat(hits).isEqualTo(20_000);
      fewest = Math.min(fewest, allocated);
    }
    assertThat(fewest).isZero();
  }

  private static int count(TypeGlob a, TypeGlob b, String[] names) {
    int hits = 0;
    for (String name : names) {
      if (a.matches(name) || b.matches(name)) {
        hits++;
      }
    }
    return hits;
  }
}
