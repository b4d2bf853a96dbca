package io.cludeobs.bootstrap;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;

/**
 * Open file handles to their {@link FileOp}, by identity, holding the handles weakly. JDK classes
 * that are retransformed cannot get new fields; where a class has no private lock field to keep
 * the state in instead (see {@link FileOp}), per-handle state lives here. Lookups, the hot
 * path of every read and write, take no lock and allocate nothing: chains are immutable and a
 * writer publishes by writing the volatile table (the old ConcurrentHashMap scheme).
 */
final class WeakIdentityTable {

  private static final int STRIPES = 16;

  private final Stripe[] stripes = new Stripe[STRIPES];

  WeakIdentityTable() {
    for (int i = 0; i < STRIPES; i++) {
      stripes[i] = new Stripe();
    }
  }

  FileOp get(Object key) {
    int h = hash(key);
    return stripes[h & (STRIPES - 1)].get(key, h);
  }

  /** Maps {@code key} to {@code op} unless it is mapped already; returns the op now mapped. */
  FileOp putIfAbsent(Object key, FileOp op) {
    int h = hash(key);
    return stripes[h & (STRIPES - 1)].putIfAbsent(key, h, op);
  }

  FileOp remove(Object key) {
    int h = hash(key);
    return stripes[h & (STRIPES - 1)].remove(key, h);
  }

  /** Live entries; for tests. */
  int size() {
    int n = 0;
    for (Stripe s : stripes) {
      n += s.size();
    }
    return n;
  }

  private static int hash(Object key) {
    int h = System.identityHashCode(key);
    return h ^ (h >>> 16);
  }

  private static final class Entry extends WeakReference<Object> {
    final int hash;
    final FileOp value;
    final Entry next;

    Entry(Object key, int hash, FileOp value, Entry next, ReferenceQueue<Object> queue) {
      super(key, queue);
      this.hash = hash;
      this.value = value;
      this.next = next;
    }
  }

  private static final class Stripe {
    private final ReferenceQueue<Object> queue = new ReferenceQueue<>();
    private volatile Entry[] table = new Entry[8];
    private int count; // guarded by this

    FileOp get(Object key, int h) {
      Entry[] t = table;
      for (Entry e = t[index(h, t.length)]; e != null; e = e.next) {
        if (e.hash == h && e.get() == key) {
          return e.value;
        }
      }
      return null;
    }

    synchronized FileOp putIfAbsent(Object key, int h, FileOp op) {
      expunge();
      Entry[] t = table;
      int i = index(h, t.length);
      for (Entry e = t[i]; e != null; e = e.next) {
        if (e.hash == h && e.get() == key) {
          return e.value;
        }
      }
      if (count + 1 > t.length - (t.length >>> 2)) {
        t = resize(t);
        i = index(h, t.length);
      }
      t[i] = new Entry(key, h, op, t[i], queue);
      count++;
      table = t; // publishes the new chain to lock-free readers
      return op;
    }

    synchronized FileOp remove(Object key, int h) {
      expunge();
      Entry[] t = table;
      int i = index(h, t.length);
      for (Entry e = t[i]; e != null; e = e.next) {
        if (e.hash == h && e.get() == key) {
          unlink(t, i, e);
          return e.value;
        }
      }
      return null;
    }

    synchronized int size() {
      expunge();
      return count;
    }

    /** Drops entries whose handle was collected without being closed. */
    private void expunge() {
      Object ref;
      while ((ref = queue.poll()) != null) {
        Entry dead = (Entry) ref;
        Entry[] t = table;
        int i = index(dead.hash, t.length);
        for (Entry e = t[i]; e != null; e = e.next) {
          if (e == dead) {
            unlink(t, i, e);
            break;
          }
        }
      }
    }

    /** Chains are immutable: the entries before {@code gone} are copied onto the rest. */
    private void unlink(Entry[] t, int i, Entry gone) {
      Entry head = gone.next;
      for (Entry e = t[i]; e != gone; e = e.next) {
        Object k = e.get();
        if (k != null) {
          head = new Entry(k, e.hash, e.value, head, queue);
        } else {
          count--;
        }
      }
      t[i] = head;
      count--;
      table = t;
    }

    private Entry[] resize(Entry[] old) {
      Entry[] grown = new Entry[old.length * 2];
      int live = 0;
      for (Entry head : old) {
        for (Entry e = head; e != null; e = e.next) {
          Object k = e.get();
          if (k != null) {
            int j = index(e.hash, grown.length);
            grown[j] = new Entry(k, e.hash, e.value, grown[j], queue);
            live++;
          }
        }
      }
      count = live;
      return grown;
    }

    private static int index(int h, int length) {
      // the low bits chose the stripe; the next ones choose the bucket
      return (h >>> 4) & (length - 1);
    }
  }
}
