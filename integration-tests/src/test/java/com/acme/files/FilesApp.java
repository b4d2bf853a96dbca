package com.acme.files;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.FileReader;
import java.io.FileWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.util.stream.Stream;

/**
 * Exercises every file API the agent covers, one step per API, with known sizes. Args: the work
 * dir, then {@code traced} (each step inside a task, the audit steps inside a tool call) or {@code
 * plain} (no pointcut method on the stack), then optional flags: {@code nowait} (do not wait for the
 * agent) and {@code linger} (stay 2.5 s after the steps).
 */
public final class FilesApp {

  private FilesApp() {}

  public static void main(String[] args) throws Exception {
    Path dir = Paths.get(args[0]);
    boolean traced = args[1].equals("traced");
    java.util.List<String> flags = java.util.Arrays.asList(args).subList(2, args.length);
    if (!flags.contains("nowait")) {
      System.out.println("agent " + awaitAgent());
    }
    Files.createDirectories(dir);
    if (traced) {
      new FileTask().run(dir);
      new FileTool().execute(dir);
    } else {
      Steps.all(dir);
      Steps.changes(dir);
    }
    if (flags.contains("linger")) {
      // lets periodic exports write to the data dir while file I/O is being recorded
      Thread.sleep(2500);
    }
    System.out.println("files-app done");
  }

  /** File operations before the agent's core is up are not seen, so wait for it (up to 30 s). */
  static String awaitAgent() throws Exception {
    Class<?> fileIo;
    try {
      fileIo = Class.forName("io.cludeobs.bootstrap.FileIo", false, null);
    } catch (ClassNotFoundException e) {
      fileIo = null;
    }
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (System.nanoTime() < deadline) {
      if (fileIo == null) {
        try {
          fileIo = Class.forName("io.cludeobs.bootstrap.FileIo", false, null);
        } catch (ClassNotFoundException e) {
          Thread.sleep(10);
          continue;
        }
      }
      Method installed = fileIo.getMethod("installed");
      if ((Boolean) installed.invoke(null)) {
        return "ready";
      }
      Thread.sleep(10);
    }
    return "absent";
  }

  /** Every read and write API; see FilesTest for what each step must record. */
  static final class Steps {
    private Steps() {}

    static void all(Path dir) throws IOException {
      File f = dir.resolve("streams.txt").toFile();
      try (FileOutputStream out = new FileOutputStream(f)) {
        out.write('h');
        out.write(new byte[] {'e', 'l'});
        out.write(new byte[] {'x', 'l', 'o', 'x'}, 1, 2);
      }
      try (FileInputStream in = new FileInputStream(f)) {
        byte[] buf = new byte[3];
        in.read();
        in.read(buf);
        in.read(buf, 0, 3);
        in.read();
      }
      try (RandomAccessFile raf = new RandomAccessFile(dir.resolve("raf.bin").toFile(), "rw")) {
        raf.writeInt(42);
        raf.write(new byte[6]);
      }
      try (RandomAccessFile raf = new RandomAccessFile(dir.resolve("raf.bin").toFile(), "r")) {
        raf.readInt();
        raf.readFully(new byte[6]);
      }
      try (FileWriter w = new FileWriter(dir.resolve("writer.txt").toFile())) {
        w.write("abcdefg");
      }
      try (FileReader r = new FileReader(dir.resolve("writer.txt").toFile())) {
        char[] buf = new char[16];
        while (r.read(buf) >= 0) {
          // drain
        }
      }
      Path nio = dir.resolve("nio.txt");
      Files.write(nio, "one\ntwo\n".getBytes(StandardCharsets.UTF_8));
      Files.writeString(nio, "one\ntwo\nthree\n");
      Files.readAllBytes(nio);
      Files.readString(nio);
      Files.readAllLines(nio);
      try (Stream<String> lines = Files.lines(nio)) {
        lines.count();
      }
      try (InputStream in = Files.newInputStream(nio)) {
        in.readAllBytes();
      }
      try (OutputStream out = Files.newOutputStream(dir.resolve("out.bin"))) {
        out.write(new byte[100]);
      }
      try (BufferedReader r = Files.newBufferedReader(nio)) {
        while (r.readLine() != null) {
          // drain
        }
      }
      try (BufferedWriter w = Files.newBufferedWriter(dir.resolve("buffered.txt"))) {
        w.write("0123456789");
      }
      Path channelFile = dir.resolve("channel.bin");
      try (FileChannel ch =
          FileChannel.open(channelFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ)) {
        ch.write(ByteBuffer.wrap(new byte[64]));
        ch.read(ByteBuffer.allocate(64), 0);
      }
      try (FileChannel from = FileChannel.open(channelFile);
          FileChannel to =
              FileChannel.open(dir.resolve("channel-copy.bin"), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
        from.transferTo(0, 64, to);
      }
      try (FileChannel to =
          FileChannel.open(dir.resolve("channel-from.bin"), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
        to.transferFrom(java.nio.channels.Channels.newChannel(new ByteArrayInputStream(new byte[32])), 0, 32);
      }
      try (Stream<Path> list = Files.list(dir)) {
        list.count();
      }
      try (Stream<Path> walk = Files.walk(dir)) {
        walk.count();
      }
      try {
        new FileInputStream(dir.resolve("missing.txt").toFile()).close();
      } catch (IOException expected) {
        // recorded as a failed read
      }
    }

    /** The operations that change files: the audited ones inside a tool call. */
    static void changes(Path dir) throws IOException {
      Path a = dir.resolve("a.txt");
      Files.createFile(a);
      Files.writeString(a, "audit me");
      Files.copy(a, dir.resolve("b.txt"));
      Files.copy(new ByteArrayInputStream(new byte[20]), dir.resolve("c.txt"));
      Files.copy(a, new ByteArrayOutputStream());
      Files.move(dir.resolve("b.txt"), dir.resolve("moved.txt"));
      Files.createDirectory(dir.resolve("sub"));
      Files.createDirectories(dir.resolve("deep/er"));
      Files.delete(dir.resolve("moved.txt"));
      Files.deleteIfExists(dir.resolve("c.txt"));
      Files.deleteIfExists(dir.resolve("never-existed.txt"));
    }
  }
}
