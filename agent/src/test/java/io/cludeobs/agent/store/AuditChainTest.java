package io.cludeobs.agent.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditChainTest {

  @TempDir Path dir;

  /** Five chained events as the agent writes them. */
  private Path chained(String name) throws Exception {
    Path file = dir.resolve(name);
    List<String> lines = new ArrayList<>();
    String prev = AuditChain.genesis(name);
    for (int i = 1; i <= 5; i++) {
      String line = "{\"seq\":" + i + ",\"prev\":\"" + prev + "\",\"event\":\"tool.call\",\"tool\":\"t" + i + "\"}";
      lines.add(line);
      prev = sha(line);
    }
    Files.write(file, lines, StandardCharsets.UTF_8);
    return file;
  }

  @Test
  void anUntouchedFileVerifies() throws Exception {
    AuditChain.Verification v = AuditChain.verify(chained("audit-20260101T000000-1.jsonl"));
    assertThat(v.ok()).isTrue();
    assertThat(v.lines).isEqualTo(5);
    assertThat(v.brokenLine).isZero();
    assertThat(v.incompleteLastLine).isFalse();
  }

  @Test
  void aChangedLineIsReportedByNumber() throws Exception {
    Path file = chained("audit-20260101T000000-1.jsonl");
    List<String> lines = Files.readAllLines(file);
    lines.set(2, lines.get(2).replace("\"t3\"", "\"t9\""));
    Files.write(file, lines);
    AuditChain.Verification v = AuditChain.verify(file);
    assertThat(v.ok()).isFalse();
    assertThat(v.brokenLine).isEqualTo(3);
    assertThat(v.problem).isEqualTo("changed after it was written (line 4's prev hash does not match it)");
  }

  @Test
  void aDeletedLineIsReportedWhereItIsMissing() throws Exception {
    Path file = chained("audit-20260101T000000-1.jsonl");
    List<String> lines = new ArrayList<>(Files.readAllLines(file));
    lines.remove(1);
    Files.write(file, lines);
    AuditChain.Verification v = AuditChain.verify(file);
    assertThat(v.brokenLine).isEqualTo(2);
    assertThat(v.problem).isEqualTo("seq 3 where 2 belongs: a line is missing or lines were reordered here");
  }

  @Test
  void aDeletedLineWithRenumberedSeqStillBreaksTheChain() throws Exception {
    Path file = chained("audit-20260101T000000-1.jsonl");
    List<String> lines = new ArrayList<>(Files.readAllLines(file));
    lines.remove(1);
    for (int i = 1; i < lines.size(); i++) {
      lines.set(i, lines.get(i).replaceFirst("\"seq\":\\d+", "\"seq\":" + (i + 1)));
    }
    Files.write(file, lines);
    AuditChain.Verification v = AuditChain.verify(file);
    assertThat(v.ok()).isFalse();
    assertThat(v.brokenLine).isEqualTo(1);
  }

  @Test
  void reorderedLinesAreReported() throws Exception {
    Path file = chained("audit-20260101T000000-1.jsonl");
    List<String> lines = new ArrayList<>(Files.readAllLines(file));
    Collections.swap(lines, 3, 4);
    Files.write(file, lines);
    AuditChain.Verification v = AuditChain.verify(file);
    assertThat(v.brokenLine).isEqualTo(4);
    assertThat(v.problem).isEqualTo("seq 5 where 4 belongs: a line is missing or lines were reordered here");
  }

  @Test
  void aRemovedFirstLineOrRenamedFileBreaksAtLineOne() throws Exception {
    Path file = chained("audit-20260101T000000-1.jsonl");
    Path renamed = Files.move(file, dir.resolve("audit-20260101T000000-2.jsonl"));
    AuditChain.Verification v = AuditChain.verify(renamed);
    assertThat(v.brokenLine).isEqualTo(1);
    assertThat(v.problem).isEqualTo("does not start this file's chain (file renamed, or its first lines replaced)");

    List<String> lines = new ArrayList<>(Files.readAllLines(renamed));
    lines.remove(0);
    Files.write(renamed, lines);
    assertThat(AuditChain.verify(renamed).problem).isEqualTo("seq 2 where 1 belongs: a line is missing or lines were reordered here");
  }

  @Test
  void aLineThatIsNotAnEventIsReported() throws Exception {
    Path file = chained("audit-20260101T000000-1.jsonl");
    List<String> lines = new ArrayList<>(Files.readAllLines(file));
    lines.add(2, "hello");
    Files.write(file, lines);
    AuditChain.Verification v = AuditChain.verify(file);
    assertThat(v.brokenLine).isEqualTo(3);
    assertThat(v.problem).isEqualTo("not an audit event with seq and prev (edited by hand?)");
  }

  @Test
  void aHalfWrittenLastLineIsNotTampering() throws Exception {
    Path file = chained("audit-20260101T000000-1.jsonl");
    Files.write(file, "{\"seq\":6,\"prev\":\"ab".getBytes(StandardCharsets.UTF_8), java.nio.file.StandardOpenOption.APPEND);
    AuditChain.Verification v = AuditChain.verify(file);
    assertThat(v.ok()).isTrue();
    assertThat(v.lines).isEqualTo(5);
    assertThat(v.incompleteLastLine).isTrue();
  }

  @Test
  void tailGivesWhereTheNextLineContinues() throws Exception {
    Path file = chained("audit-20260101T000000-1.jsonl");
    List<String> lines = Files.readAllLines(file);
    AuditChain.Tail tail = AuditChain.tail(file);
    assertThat(tail.nextSeq).isEqualTo(6);
    assertThat(tail.prev).isEqualTo(sha(lines.get(4)));
  }

  @Test
  void hashIsHexSha256() {
    byte[] abc = "abc".getBytes(StandardCharsets.UTF_8);
    assertThat(AuditChain.hash(abc, 3)).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  }

  private static String sha(String line) {
    byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
    return AuditChain.hash(bytes, bytes.length);
  }
}
