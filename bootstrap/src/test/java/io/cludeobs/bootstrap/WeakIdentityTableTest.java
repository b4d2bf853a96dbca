package io.cludeobs.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WeakIdentityTableTest {

  private static FileOp op() {
    return new FileOp("state", FileIo.MODE_READ, 0L);
  }

  @Test
  void mapsByIdentityNotEquality() {
    WeakIdentityTable table = new WeakIdentityTable();
    String a = new String("same");
    String b = new String("same");
    FileOp opA = op();
    assertThat(table.putIfAbsent(a, opA)).isSameAs(opA);
    assertThat(table.get(a)).isSameAs(opA);
    assertThat(table.get(b)).isNull();
  }

  @Test
  void putIfAbsentKeepsTheFirstAndRemoveReturnsItOnce() {
    WeakIdentityTable table = new WeakIdentityTable();
    Object key = new Object();
    FileOp first = op();
    table.putIfAbsent(key, first);
    assertThat(table.putIfAbsent(key, op())).isSameAs(first);
    assertThat(table.remove(key)).isSameAs(first);
    assertThat(table.remove(key)).isNull();
    assertThat(table.get(key)).isNull();
    assertThat(table.size()).isZero();
  }

  @Test
  void growsAndRemovesFromTheMiddleOfChains() {
    WeakIdentityTable table = new WeakIdentityTable();
    List<Object> keys = new ArrayList<>();
    List<FileOp> ops = new ArrayList<>();
    for (int i = 0; i < 5000; i++) {
      keys.add(new Object());
      ops.add(op());
      table.putIfAbsent(keys.get(i), ops.get(i));
    }
    assertThat(table.size()).isEqualTo(5000);
    for (int i = 0; i < 5000; i += 2) {
      assertThat(table.remove(keys.get(i))).isSameAs(ops.get(i));
    }
    assertThat(table.size()).isEqualTo(2500);
    for (int i = 0; i < 5000; i++) {
      assertThat(table.get(keys.get(i))).isSameAs(i % 2 == 0 ? null : ops.get(i));
    }
  }

  @Test
  void dropsHandlesThatWereCollectedWithoutClose() throws Exception {
    WeakIdentityTable table = new WeakIdentityTable();
    Object kept = new Object();
    table.putIfAbsent(kept, op());
    for (int i = 0; i < 1000; i++) {
      table.putIfAbsent(new Object(), op());
    }
    for (int attempt = 0; attempt < 50 && table.size() > 1; attempt++) {
      System.gc();
      Thread.sleep(20);
    }
    assertThat(table.size()).isEqualTo(1);
    assertThat(table.get(kept)).isNotNull();
  }
}
