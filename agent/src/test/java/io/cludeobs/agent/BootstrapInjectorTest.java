package io.cludeobs.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BootstrapInjectorTest {

  static final class Leaf {}

  static final class Middle {
    static final Leaf LEAF = new Leaf();

    /** Refers back to Middle: Middle and Inner form a cycle, as outer and inner classes do. */
    static final class Inner {
      static final Class<?> OUTER = Middle.class;
    }

    static final Class<?> INNER = Inner.class;
  }

  static final class Entry {
    static final Middle MIDDLE = new Middle();
  }

  private static byte[] bytes(Class<?> type) throws IOException {
    String resource = type.getName().replace('.', '/') + ".class";
    try (InputStream in = type.getClassLoader().getResourceAsStream(resource)) {
      return in.readAllBytes();
    }
  }

  @Test
  void readsTheClassesAClassFileRefersTo() throws IOException {
    assertThat(BootstrapInjector.referencedClasses(bytes(Entry.class)))
        .contains(Middle.class.getName(), Entry.class.getName(), "java.lang.Object");
  }

  @Test
  void aClassIsDefinedAfterWhatItRefersTo() throws IOException {
    Map<String, byte[]> classes = new LinkedHashMap<>();
    for (Class<?> c : new Class<?>[] {Entry.class, Middle.class, Middle.Inner.class, Leaf.class}) {
      classes.put(c.getName(), bytes(c));
    }
    List<String> order = new ArrayList<>(BootstrapInjector.referencedFirst(classes).keySet());
    assertThat(order.indexOf(Leaf.class.getName())).isLessThan(order.indexOf(Middle.class.getName()));
    assertThat(order.indexOf(Middle.class.getName())).isLessThan(order.indexOf(Entry.class.getName()));
    // Entry reaches Inner through Middle: the whole cycle is defined before Entry
    assertThat(order.indexOf(Middle.Inner.class.getName())).isLessThan(order.indexOf(Entry.class.getName()));
    assertThat(order).hasSize(4);
  }
}
