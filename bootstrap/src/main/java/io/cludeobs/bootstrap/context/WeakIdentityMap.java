package io.cludeobs.bootstrap.context;

import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;

/**
 * A map from objects, compared by identity and held weakly, to values. It keeps a context for JDK
 * objects that cannot get a field of their own: fork/join tasks, completion stages and threads are
 * already loaded when the agent starts, and retransformation may not add fields. Weak keys mean
 * a task that never runs does not keep its context (or itself) alive; the JDK's own
 * WeakHashMap compares with {@code equals}, which user subclasses of these types may override.
 *
 * <p>One lock per map: entries live only from hand-off to run, so maps stay small and the lock is
 * held for a few instructions. {@link #isEmpty()} reads no lock, so the common case of no traced
 * work costs one volatile read.
 */
public final class WeakIdentityMap<V> {

  /** Shared by every map so one cleaner thread can drain them all. */
  private static final ReferenceQueue<Object> STALE = new ReferenceQueue<>();

  private Entry<V>[] table = newTable(16);
  private volatile int size;

  /** Associates {@code value} with {@code key}, replacing any value it had. */
  public void put(Object key, V value) {
    drainStale();
    int hash = System.identityHashCode(key);
    synchronized (this) {
      Entry<V>[] t = table;
      int i = hash & (t.length - 1);
      for (Entry<V> e = t[i]; e != null; e = e.next) {
        if (e.hash == hash && e.get() == key) {
          e.value = value;
          return;
        }
      }
      t[i] = new Entry<>(key, value, hash, t[i], this);
      size = size + 1;
      if (size > t.length * 3 / 4) {
        resize();
      }
    }
  }

  /** The value of {@code key}, or null. */
  public V get(Object key) {
    if (size == 0) {
      return null;
    }
    int hash = System.identityHashCode(key);
    synchronized (this) {
      Entry<V>[] t = table;
      for (Entry<V> e = t[hash & (t.length - 1)]; e != null; e = e.next) {
        if (e.hash == hash && e.get() == key) {
          return e.value;
        }
      }
    }
    return null;
  }

  /** Removes {@code key} and returns its value, or null. */
  public V remove(Object key) {
    if (size == 0) {
      return null;
    }
    int hash = System.identityHashCode(key);
    synchronized (this) {
      Entry<V>[] t = table;
      int i = hash & (t.length - 1);
      Entry<V> previous = null;
      for (Entry<V> e = t[i]; e != null; previous = e, e = e.next) {
        if (e.hash == hash && e.get() == key) {
          V value = e.value;
          unlink(t, i, previous, e);
          return value;
        }
      }
    }
    return null;
  }

  public boolean isEmpty() {
    return size == 0;
  }

  /** Entries held, including those whose key was collected but not yet drained. */
  public int size() {
    return size;
  }

  /**
   * Waits up to {@code timeoutMillis} for a collected key, then removes every entry of any map
   * whose key was collected. The agent's cleaner thread calls this in a loop so memory is given
   * back even when no map is touched again.
   */
  public static void awaitAndDrainStale(long timeoutMillis) throws InterruptedException {
    Reference<?> r = STALE.remove(timeoutMillis);
    if (r != null) {
      ((Entry<?>) r).expunge();
      drainStale();
    }
  }

  /** Removes every entry whose key was collected, without waiting. */
  public static void drainStale() {
    Reference<?> r;
    while ((r = STALE.poll()) != null) {
      ((Entry<?>) r).expunge();
    }
  }

  private synchronized void expunge(Entry<V> stale) {
    Entry<V>[] t = table;
    int i = stale.hash & (t.length - 1);
    Entry<V> previous = null;
    for (Entry<V> e = t[i]; e != null; previous = e, e = e.next) {
      if (e == stale) {
        unlink(t, i, previous, e);
        return;
      }
    }
  }

  private void unlink(Entry<V>[] t, int i, Entry<V> previous, Entry<V> e) {
    if (previous == null) {
      t[i] = e.next;
    } else {
      previous.next = e.next;
    }
    e.value = null;
    // a removed entry need not be queued when its key dies
    e.clear();
    size = size - 1;
    if (t.length > 64 && size < t.length / 8) {
      shrink();
    }
  }

  private void resize() {
    rehash(newTable(table.length * 2));
  }

  private void shrink() {
    // a burst of traced work must not leave a large table behind
    rehash(newTable(table.length / 2));
  }

  private void rehash(Entry<V>[] to) {
    Entry<V>[] from = table;
    for (Entry<V> head : from) {
      Entry<V> e = head;
      while (e != null) {
        Entry<V> next = e.next;
        int i = e.hash & (to.length - 1);
        e.next = to[i];
        to[i] = e;
        e = next;
      }
    }
    table = to;
  }

  @SuppressWarnings("unchecked")
  private static <V> Entry<V>[] newTable(int length) {
    return (Entry<V>[]) new Entry<?>[length];
  }

  private static final class Entry<V> extends WeakReference<Object> {
    final int hash;
    final WeakIdentityMap<V> owner;
    V value;
    Entry<V> next;

    Entry(Object key, V value, int hash, Entry<V> next, WeakIdentityMap<V> owner) {
      super(key, STALE);
      this.value = value;
      this.hash = hash;
      this.next = next;
      this.owner = owner;
    }

    void expunge() {
      owner.expunge(this);
    }
  }
}
