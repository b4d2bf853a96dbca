package io.cludeobs.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FileIoTest {

  private final List<String> calls = new ArrayList<>();
  private final List<FileOp> closed = new ArrayList<>();

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
        }

        @Override
        public void closed(FileOp op, long endNanos) {
          closed.add(op);
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
}
