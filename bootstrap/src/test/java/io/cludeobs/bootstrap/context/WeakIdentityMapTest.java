package io.cludeobs.bootstrap.context;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WeakIdentityMapTest {

  @Test
  void keysCompareByIdentityNotEquals() {
    WeakIdentityMap<String> map = new WeakIdentityMap<>();
    String a = new String("key");
    String b = new String("key");
    map.put(a, "a");
    map.put(b, "b");
    assertThat(map.get(a)).isEqualTo("a");
    assertThat(map.get(b)).isEqualTo("b");
    assertThat(map.get("key")).isNull();
    assertThat(map.size()).isEqualTo(2);
  }

  @Test
  void putReplacesAndRemoveReturnsTheValueOnce() {
    WeakIdentityMap<String> map = new WeakIdentityMap<>();
    Object key = new Object();
    map.put(key, "first");
    map.put(key, "second");
    assertThat(map.size()).isEqualTo(1);
    assertThat(map.remove(key)).isEqualTo("second");
    assertThat(map.remove(key)).isNull();
    assertThat(map.get(key)).isNull();
    assertThat(map.isEmpty()).isTrue();
  }

  @Test
  void growsAndShrinksKeepingEveryEntry() {
    WeakIdentityMap<Integer> map = new WeakIdentityMap<>();
    List<Object> keys = new ArrayList<>();
    for (int i = 0; i < 5_000; i++) {
      Object key = new Object();
      keys.add(key);
      map.put(key, i);
    }
    assertThat(map.size()).isEqualTo(5_000);
    for (int i = 0; i < 5_000; i++) {
      assertThat(map.get(keys.get(i))).isEqualTo(i);
    }
    for (int i = 0; i < 4_990; i++) {
      assertThat(map.remove(keys.get(i))).isEqualTo(i);
    }
    assertThat(map.size()).isEqualTo(10);
    for (int i = 4_990; i < 5_000; i++) {
      assertThat(map.get(keys.get(i))).isEqualTo(i);
    }
  }

  @Test
  void anEntryWhoseKeyWasCollectedIsDrained() throws InterruptedException {
    WeakIdentityMap<String> map = new WeakIdentityMap<>();
    Object kept = new Object();
    map.put(kept, "kept");
    map.put(new Object(), "collected");
    assertThat(map.size()).isEqualTo(2);
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (map.size() > 1 && System.nanoTime() < deadline) {
      System.gc();
      WeakIdentityMap.awaitAndDrainStale(100);
    }
    assertThat(map.size()).isEqualTo(1);
    assertThat(map.get(kept)).isEqualTo("kept");
  }
}
