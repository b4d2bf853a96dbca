package com.example.codingagent.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ToolsTest {
  @TempDir Path workspace;

  @Test
  void listsRegularFilesRecursivelySortedWithSlashes() throws IOException {
    Files.createDirectories(workspace.resolve("src/b"));
    Files.writeString(workspace.resolve("src/b/B.java"), "");
    Files.writeString(workspace.resolve("z.txt"), "");
    Files.writeString(workspace.resolve("a.txt"), "");

    ToolResult all = new ListFilesTool(workspace).execute(call("list_files", "path", "."));
    ToolResult src = new ListFilesTool(workspace).execute(call("list_files", "path", "src"));

    assertThat(all.content()).isEqualTo("a.txt\nsrc/b/B.java\nz.txt");
    assertThat(all.callId()).isEqualTo("id-1");
    assertThat(all.isError()).isFalse();
    assertThat(src.content()).isEqualTo("src/b/B.java");
  }

  @Test
  void writesThenReadsAFileCreatingFolders() {
    Map<String, String> arguments = new LinkedHashMap<>();
    arguments.put("path", "docs/NOTES.md");
    arguments.put("content", "héllo\n");

    ToolResult written =
        new WriteFileTool(workspace).execute(new ToolCall("w", "write_file", arguments));
    ToolResult read =
        new ReadFileTool(workspace).execute(call("read_file", "path", "docs/NOTES.md"));

    assertThat(written.content()).isEqualTo("wrote 7 bytes to docs/NOTES.md");
    assertThat(read.content()).isEqualTo("héllo\n");
  }

  @Test
  void readingAMissingFileThrowsWithTheWorkspacePath() {
    assertThatThrownBy(
            () -> new ReadFileTool(workspace).execute(call("read_file", "path", "README.md")))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessage("no such file: README.md")
        .hasCauseInstanceOf(NoSuchFileException.class);
  }

  @Test
  void refusesPathsOutsideTheWorkspace() {
    assertThatThrownBy(
            () -> new ReadFileTool(workspace).execute(call("read_file", "path", "../secret")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("path '../secret' is outside the workspace; use a path relative to it");
  }

  @Test
  void refusesCallsWithoutARequiredArgument() {
    assertThatThrownBy(() -> new WriteFileTool(workspace).execute(call("write_file", "path", "x")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("write_file: missing argument 'content'");
  }

  @Test
  void eachExecuteMethodCarriesToolAnnotationWithItsName() throws NoSuchMethodException {
    List<AgentTool> tools =
        List.of(
            new ListFilesTool(workspace),
            new ReadFileTool(workspace),
            new WriteFileTool(workspace));

    for (AgentTool tool : tools) {
      Tool annotation =
          tool.getClass().getMethod("execute", ToolCall.class).getAnnotation(Tool.class);
      assertThat(annotation).as(tool.getClass().getSimpleName()).isNotNull();
      assertThat(annotation.name()).isEqualTo(tool.name());
    }
    assertThat(tools)
        .extracting(AgentTool::name)
        .containsExactly("list_files", "read_file", "write_file");
  }

  @Test
  void toolCallToStringShortensLongArguments() {
    Map<String, String> arguments = new LinkedHashMap<>();
    arguments.put("path", "NOTES.md");
    arguments.put("content", "line one\nline two\n");

    assertThat(new ToolCall("c", "write_file", arguments).toString())
        .isEqualTo("write_file(path=NOTES.md, content=<18 chars>)");
  }

  private static ToolCall call(String tool, String key, String value) {
    return new ToolCall("id-1", tool, Map.of(key, value));
  }
}
