package io.cludeobs.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.invoke.MethodHandles;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FileIoTest {

  private final List<String> calls = new ArrayList<>();
  private final List<FileOp> closed = new ArrayList<>();
  private long failedStart = -1;

  private final FileIoSink sink =
      new FileIoSink() {
        @Override
        public Object opened(String path, int mode) {
          calls.add("opened " + path + " " + mode);
          return path.startsWith("/excluded") ? null : path;
        }

        @Override
        public void openFailed(String path, int mode, long startNanos, Throwable thrown) {
          calls.add("failed " + path);
          failedStart = startNanos;
        }

        @Override
        public void closed(FileOp op, long endNanos) {
          synchronized (closed) {
            closed.add(op);
          }
          if (op.state().equals("/a-sink-that-writes")) {
            // closed runs unguarded: what a sink does here is seen unless it suppresses it
            FileIo.openedWithLock("/written-while-closing", FileIo.MODE_WRITE, 0, new Object());
            FileIo.suppress();
            FileIo.openedWithLock("/written-while-closing-suppressed", FileIo.MODE_WRITE, 0, new Object());
            FileIo.unsuppress();
          }
        }

        @Override
        public Object operationEnter(int operation, Object first, Object second) {
          calls.add("enter " + operation + " " + first);
          // what the agent does inside is not observed: a nested open is ignored
          FileIo.opened(new Object(), "/nested", FileIo.MODE_WRITE, 0);
          return "token";
        }

        @Override
        public void operationExit(Object token, long startNanos, Object returned, Throwable thrown) {
          calls.add("exit " + token + " " + returned);
        }
      };

  @AfterEach
  void uninstall() {
    FileIo.install(null);
  }

  @Test
  void beforeInstallNothingIsTracked() {
    Object stream = new Object();
    FileIo.opened(stream, "/a", FileIo.MODE_READ, 1);
    FileIo.read(stream, 10);
    FileIo.closed(stream);
    assertThat(FileIo.installed()).isFalse();
    assertThat(FileIo.operationEnter("delete", "/a", null)).isNull();
  }

  @Test
  void bytesAreSummedFromOpenToTheFirstClose() {
    FileIo.install(sink);
    Object stream = new Object();
    FileIo.opened(stream, "/a", FileIo.MODE_READ_WRITE, 7);
    FileIo.read(stream, 10);
    FileIo.read(stream, -1);
    FileIo.read(stream, 5);
    FileIo.wrote(stream, 3);
    FileIo.closed(stream);
    FileIo.closed(stream);
    assertThat(closed).hasSize(1);
    FileOp op = closed.get(0);
    assertThat(op.state()).isEqualTo("/a");
    assertThat(op.startNanos()).isEqualTo(7);
    assertThat(op.mode()).isEqualTo(FileIo.MODE_READ_WRITE);
    assertThat(op.readBytes()).isEqualTo(15);
    assertThat(op.writtenBytes()).isEqualTo(3);
    assertThat(FileIo.tracked()).isZero();
  }

  @Test
  void excludedPathsAreNotTracked() {
    FileIo.install(sink);
    Object stream = new Object();
    FileIo.opened(stream, "/excluded/x", FileIo.MODE_READ, 0);
    FileIo.read(stream, 10);
    FileIo.closed(stream);
    assertThat(closed).isEmpty();
  }

  @Test
  void aChannelOfATrackedStreamSharesItsOperation() {
    FileIo.install(sink);
    Object stream = new Object();
    Object channel = new Object();
    FileIo.opened(stream, "/a", FileIo.MODE_READ, 0);
    FileIo.channelOpened(channel, "/a", true, false, stream, 0);
    FileIo.read(stream, 1);
    FileIo.read(channel, 2);
    FileIo.closed(channel);
    FileIo.closed(stream);
    assertThat(closed).hasSize(1);
    assertThat(closed.get(0).readBytes()).isEqualTo(3);
    assertThat(calls).containsExactly("opened /a 1");
  }

  @Test
  void aTransferCountsItsTotalOnceOnBothEnds() {
    FileIo.install(sink);
    Object source = new Object();
    Object target = new Object();
    FileIo.channelOpened(source, "/s", true, false, null, 0);
    FileIo.channelOpened(target, "/t", false, true, null, 0);
    Object token = FileIo.transferEnter(source, target);
    // a fallback transfer reads and writes through the channels themselves
    FileIo.read(source, 64);
    FileIo.wrote(target, 64);
    FileIo.transferExit(token, 64, null);
    FileIo.closed(source);
    FileIo.closed(target);
    assertThat(closed.get(0).readBytes()).isEqualTo(64);
    assertThat(closed.get(1).writtenBytes()).isEqualTo(64);
  }

  @Test
  void nestedFilesOperationsAndWhatTheSinkDoesAreSuppressed() {
    FileIo.install(sink);
    Object outer = FileIo.operationEnter("createDirectories", "/d", null);
    Object inner = FileIo.operationEnter("createDirectory", "/d", null);
    FileIo.operationExit(inner, 0, null, null);
    FileIo.operationExit(outer, 0, "/d", null);
    Object after = FileIo.operationEnter("deleteIfExists", "/d", null);
    FileIo.operationExit(after, 0, Boolean.TRUE, null);
    assertThat(calls)
        .containsExactly(
            "enter " + FileIo.OP_CREATE_DIRECTORY + " /d",
            "exit token /d",
            "enter " + FileIo.OP_DELETE + " /d",
            "exit token true");
  }

  @Test
  void methodNamesMapToOperations() {
    assertThat(FileIo.operation("copy")).isEqualTo(FileIo.OP_COPY);
    assertThat(FileIo.operation("move")).isEqualTo(FileIo.OP_MOVE);
    assertThat(FileIo.operation("delete")).isEqualTo(FileIo.OP_DELETE);
    assertThat(FileIo.operation("deleteIfExists")).isEqualTo(FileIo.OP_DELETE);
    assertThat(FileIo.operation("createFile")).isEqualTo(FileIo.OP_CREATE);
    assertThat(FileIo.operation("createDirectory")).isEqualTo(FileIo.OP_CREATE_DIRECTORY);
    assertThat(FileIo.operation("createDirectories")).isEqualTo(FileIo.OP_CREATE_DIRECTORY);
    assertThat(FileIo.operation("list")).isEqualTo(FileIo.OP_LIST);
    assertThat(FileIo.operation("walk")).isEqualTo(FileIo.OP_WALK);
  }

  /** Stands in for a JDK handle with a private lock field the advice reads and replaces. */
  static final class Handle {
    private Object positionLock = new Object();

    /** What the transfer advice passes: a lookup taken inside the channel class. */
    static MethodHandles.Lookup lookup() {
      return MethodHandles.lookup();
    }
  }

  @Test
  void withALockFieldTheLockBecomesTheOpAndBytesAreSummedToTheFirstClose() {
    FileIo.install(sink);
    Handle stream = new Handle();
    Object original = stream.positionLock;
    stream.positionLock = FileIo.openedWithLock("/a", FileIo.MODE_READ_WRITE, 7, stream.positionLock);
    assertThat(stream.positionLock).isInstanceOf(FileOp.class).isNotSameAs(original);
    FileIo.readWithLock(stream.positionLock, 10);
    FileIo.readWithLock(stream.positionLock, -1);
    FileIo.readWithLock(stream.positionLock, 5);
    FileIo.wroteWithLock(stream.positionLock, 3);
    IllegalStateException error = new IllegalStateException("disk");
    FileIo.failedWithLock(stream.positionLock, error);
    FileIo.closedWithLock(stream.positionLock);
    FileIo.closedWithLock(stream.positionLock);
    assertThat(closed).hasSize(1);
    FileOp op = closed.get(0);
    assertThat(op).isSameAs(stream.positionLock);
    assertThat(op.state()).isEqualTo("/a");
    assertThat(op.startNanos()).isEqualTo(7);
    assertThat(op.mode()).isEqualTo(FileIo.MODE_READ_WRITE);
    assertThat(op.readBytes()).isEqualTo(15);
    assertThat(op.writtenBytes()).isEqualTo(3);
    assertThat(op.error()).isSameAs(error);
    // nothing went into the table
    assertThat(FileIo.tracked()).isZero();
  }

  @Test
  void bytesFromOtherThreadsThanTheOpenersAreCountedToo() throws Exception {
    FileIo.install(sink);
    Object lock = FileIo.openedWithLock("/a", FileIo.MODE_READ_WRITE, 0, new Object());
    int threads = 4;
    int each = 10_000;
    List<Thread> started = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      Thread thread =
          new Thread(
              () -> {
                for (int i = 0; i < each; i++) {
                  FileIo.readWithLock(lock, 1);
                  FileIo.wroteWithLock(lock, 2);
                }
              });
      thread.start();
      started.add(thread);
    }
    // the opener counts at the same time, with its plain stores
    for (int i = 0; i < each; i++) {
      FileIo.readWithLock(lock, 1);
      FileIo.wroteWithLock(lock, 2);
    }
    for (Thread thread : started) {
      thread.join();
    }
    FileIo.closedWithLock(lock);
    assertThat(closed).hasSize(1);
    assertThat(closed.get(0).readBytes()).isEqualTo((threads + 1L) * each);
    assertThat(closed.get(0).writtenBytes()).isEqualTo((threads + 1L) * each * 2);
  }

  @Test
  void theThreadThatTheJdksCloseMarkedEndsTheOpAndNoOtherDoes() throws Exception {
    FileIo.install(sink);
    Object lock = FileIo.openedWithLock("/a", FileIo.MODE_READ, 0, new Object());
    // another thread marked (won the JDK's close): this thread's close advice must not end the op
    CountDownLatch marked = new CountDownLatch(1);
    CountDownLatch loserReturned = new CountDownLatch(1);
    Thread winner =
        new Thread(
            () -> {
              FileIo.closing(lock);
              marked.countDown();
              try {
                loserReturned.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              FileIo.closedWithLock(lock);
            });
    winner.start();
    marked.await();
    FileIo.closedWithLock(lock);
    synchronized (closed) {
      assertThat(closed).isEmpty();
    }
    loserReturned.countDown();
    winner.join();
    assertThat(closed).containsExactly((FileOp) lock);
    // a second close of the same handle ends nothing
    FileIo.closing(lock);
    FileIo.closedWithLock(lock);
    assertThat(closed).hasSize(1);
  }

  @Test
  void closesWithoutTheMarkRaceThroughACompareAndSetThatOneWins() throws Exception {
    FileIo.install(sink);
    for (int round = 0; round < 200; round++) {
      Object lock = FileIo.openedWithLock("/a", FileIo.MODE_READ, 0, new Object());
      Thread other = new Thread(() -> FileIo.closedWithLock(lock));
      other.start();
      FileIo.closedWithLock(lock);
      other.join();
    }
    synchronized (closed) {
      assertThat(closed).hasSize(200).doesNotHaveDuplicates();
    }
  }

  @Test
  void aStreamsMarkedCloseEndsItsOpOnceWhenItsChannelClosesInside() {
    FileIo.install(sink);
    Handle stream = new Handle();
    stream.positionLock = FileIo.openedWithLock("/a", FileIo.MODE_READ, 0, stream.positionLock);
    Object token = FileIo.channelRequested(stream.positionLock);
    Object channelLock = FileIo.channelOpenedWithLock("/a", true, false, stream, 0, new Object());
    FileIo.channelReturned(stream.positionLock, token);
    // FileInputStream.close(): mark, set closed, close the channel (its implCloseChannel ends the op), then return
    FileIo.closing(stream.positionLock);
    FileIo.closedWithLock(channelLock);
    assertThat(closed).containsExactly((FileOp) stream.positionLock);
    FileIo.closedWithLock(stream.positionLock);
    assertThat(closed).hasSize(1);
  }

  @Test
  void withALockFieldAnExcludedOrUninstalledHandleKeepsItsOwnLock() {
    Object lock = new Object();
    assertThat(FileIo.openedWithLock("/a", FileIo.MODE_READ, 0, lock)).isSameAs(lock);
    FileIo.install(sink);
    assertThat(FileIo.openedWithLock("/excluded/x", FileIo.MODE_READ, 0, lock)).isSameAs(lock);
    assertThat(FileIo.openedWithLock(null, FileIo.MODE_READ, 0, lock)).isSameAs(lock);
    FileIo.readWithLock(lock, 10);
    FileIo.closedWithLock(lock);
    assertThat(closed).isEmpty();
  }

  @Test
  void aChannelOfAStreamWithALockGetsItsOwnMonitorThatCountsIntoTheStreamsOp() {
    FileIo.install(sink);
    Handle stream = new Handle();
    stream.positionLock = FileIo.openedWithLock("/a", FileIo.MODE_READ, 0, stream.positionLock);
    Object channelLock = new Object();
    Object token = FileIo.channelRequested(stream.positionLock);
    Object newChannelLock = FileIo.channelOpenedWithLock("/a", true, false, stream, 0, channelLock);
    FileIo.channelReturned(stream.positionLock, token);
    assertThat(newChannelLock).isInstanceOf(FileOp.class).isNotSameAs(stream.positionLock);
    FileIo.readWithLock(stream.positionLock, 1);
    FileIo.readWithLock(newChannelLock, 2);
    FileIo.closedWithLock(newChannelLock);
    FileIo.closedWithLock(stream.positionLock);
    assertThat(closed).containsExactly((FileOp) stream.positionLock);
    assertThat(closed.get(0).readBytes()).isEqualTo(3);
    assertThat(calls).containsExactly("opened /a 1");
    // the hand-over ended with getChannel: a later channel with a parent is not attached to it
    Object later = new Object();
    assertThat(FileIo.channelOpenedWithLock("/a", true, false, new Object(), 0, later)).isSameAs(later);
  }

  @Test
  void aTransferBetweenChannelsWithLocksCountsItsTotalOnceOnBothEnds() {
    FileIo.install(sink);
    Handle source = new Handle();
    Handle target = new Handle();
    source.positionLock = FileIo.channelOpenedWithLock("/s", true, false, null, 0, source.positionLock);
    target.positionLock = FileIo.channelOpenedWithLock("/t", false, true, null, 0, target.positionLock);
    // transferTo runs on the source, transferFrom on the target
    Object token = FileIo.transferEnterWithLock(source.positionLock, target, Handle.lookup(), true);
    FileIo.readWithLock(source.positionLock, 64);
    FileIo.wroteWithLock(target.positionLock, 64);
    FileIo.transferExit(token, 64, null);
    Object back = FileIo.transferEnterWithLock(source.positionLock, target, Handle.lookup(), false);
    FileIo.transferExit(back, 8, null);
    // the other end is not a channel of that class: only this end counts
    Object partial = FileIo.transferEnterWithLock(source.positionLock, "not a channel", Handle.lookup(), true);
    FileIo.transferExit(partial, 1, null);
    FileIo.closedWithLock(source.positionLock);
    FileIo.closedWithLock(target.positionLock);
    assertThat(closed.get(0).readBytes()).isEqualTo(65);
    assertThat(closed.get(0).writtenBytes()).isEqualTo(8);
    assertThat(closed.get(1).readBytes()).isEqualTo(8);
    assertThat(closed.get(1).writtenBytes()).isEqualTo(64);
  }

  @Test
  void aFailedOpenIsTimedFromTheLastOpenStartOfItsThread() {
    FileIo.install(sink);
    long start = FileIo.openStart();
    FileIo.openFailed("/missing", FileIo.MODE_READ, new IllegalStateException("missing"));
    assertThat(failedStart).isEqualTo(start);
    assertThat(calls).containsExactly("failed /missing");
  }

  @Test
  void eachThreadTimesItsOwnFailedOpenAndAnOverwrittenSlotTimesItAsNoTime() throws Exception {
    FileIo.install(sink);
    long mine = FileIo.openStart();
    // another thread's open in between does not move this thread's start
    Thread other = new Thread(FileIo::openStart);
    other.start();
    other.join();
    FileIo.openFailed("/missing", FileIo.MODE_READ, new IllegalStateException("missing"));
    assertThat(failedStart).isEqualTo(mine);
    // a thread whose id is equal modulo 1,024 shares the slot: its later start is not taken for this thread's
    long id = Thread.currentThread().getId();
    FileIo.openStart();
    FileIo.noteOpenStart(id + 1024, System.nanoTime() - 1_000_000_000L);
    long before = System.nanoTime();
    FileIo.openFailed("/missing-again", FileIo.MODE_READ, new IllegalStateException("missing"));
    assertThat(failedStart).isBetween(before, System.nanoTime());
    // the 48 bits of the start give the right start back however far the clock has run
    FileIo.noteOpenStart(id, 5L);
    assertThat(FileIo.openStartOf(id, (7L << 48) + 9L)).isEqualTo(5L + (7L << 48));
  }

  @Test
  void closingCallsTheSinkUnguardedSoItSuppressesItsOwnFileIo() {
    FileIo.install(sink);
    Object lock = FileIo.openedWithLock("/a-sink-that-writes", FileIo.MODE_READ, 0, new Object());
    FileIo.closedWithLock(lock);
    assertThat(closed).hasSize(1);
    assertThat(calls)
        .containsExactly(
            "opened /a-sink-that-writes " + FileIo.MODE_READ, "opened /written-while-closing " + FileIo.MODE_WRITE);
  }
}
