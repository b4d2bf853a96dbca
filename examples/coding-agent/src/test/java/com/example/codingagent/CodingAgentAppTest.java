package com.example.codingagent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.codingagent.tools.ToolCall;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CodingAgentAppTest {
  private static final String SUMMARY_ANSWER =
      "Wrote NOTES.md summarising 2 source files: App.java, Greeter.java.";
  private static final String TODO_ANSWER =
      "Found 3 TODOs in 2 files: src/main/java/demo/App.java (1),"
          + " src/main/java/demo/Greeter.java (2).";

  @TempDir Path workspace;

  @Test
  void runsBothTasksWithTheScriptedToolCalls() throws IOException {
    SampleProject.writeTo(workspace);
    ByteArrayOutputStream output = new ByteArrayOutputStream();

    List<TaskResult> results =
        CodingAgentApp.run(workspace, 1, new PrintStream(output, true, StandardCharsets.UTF_8));

    assertThat(results).hasSize(2);
    TaskResult summary = results.get(0);
    assertThat(summary.task().id()).isEqualTo("summarise");
    assertThat(summary.completed()).isTrue();
    assertThat(summary.answer()).isEqualTo(SUMMARY_ANSWER);
    assertThat(summary.turns()).isEqualTo(5);
    assertThat(describe(summary.toolCalls()))
        .containsExactly(
            "call_1 read_file README.md",
            "call_2 list_files .",
            "call_3 read_file src/main/java/demo/App.java",
            "call_4 read_file src/main/java/demo/Greeter.java",
            "call_5 write_file NOTES.md");
    assertThat(summary.failedToolCalls()).isEqualTo(1);

    TaskResult todos = results.get(1);
    assertThat(todos.task().id()).isEqualTo("count-todos");
    assertThat(todos.completed()).isTrue();
    assertThat(todos.answer()).isEqualTo(TODO_ANSWER);
    assertThat(todos.turns()).isEqualTo(3);
    assertThat(describe(todos.toolCalls()))
        .containsExactly(
            "call_1 list_files .",
            "call_2 read_file src/main/java/demo/App.java",
            "call_3 read_file src/main/java/demo/Greeter.java");
    assertThat(todos.failedToolCalls()).isZero();

    assertThat(Files.readString(workspace.resolve("NOTES.md")))
        .isEqualTo(
            "# Project notes\n"
                + "\n"
                + "- `src/main/java/demo/App.java` (12 lines): Entry point that greets each name"
                + " given on the command line.\n"
                + "- `src/main/java/demo/Greeter.java` (16 lines): Builds greeting lines from a"
                + " fixed salutation.\n"
                + "\n"
                + "Open TODOs: 3\n");
    assertThat(output.toString(StandardCharsets.UTF_8).split(System.lineSeparator()))
        .containsExactly("[1/2] " + summary, "[2/2] " + todos);
    assertThat(summary.toString())
        .isEqualTo(
            "summarise: done in 5 turns, 5 tool calls (1 failed), "
                + summary.inputTokens()
                + " input / "
                + summary.outputTokens()
                + " output tokens: "
                + SUMMARY_ANSWER);
  }

  @Test
  void repeatedRoundsGiveTheSameAnswers() throws IOException {
    SampleProject.writeTo(workspace);

    List<TaskResult> results =
        CodingAgentApp.run(
            workspace,
            3,
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

    assertThat(results).hasSize(6);
    assertThat(results)
        .extracting(TaskResult::answer)
        .containsExactly(
            SUMMARY_ANSWER, TODO_ANSWER, SUMMARY_ANSWER, TODO_ANSWER, SUMMARY_ANSWER, TODO_ANSWER);
    for (int i = 0; i < 2; i++) {
      assertThat(describe(results.get(i + 2).toolCalls()))
          .isEqualTo(describe(results.get(i).toolCalls()));
      // From round two on, the listing includes round one's NOTES.md, so only rounds 2 and 3 match
      // in tokens.
      assertThat(results.get(i + 4).inputTokens()).isEqualTo(results.get(i + 2).inputTokens());
      assertThat(results.get(i + 4).outputTokens()).isEqualTo(results.get(i + 2).outputTokens());
    }
    assertThat(results.get(2).inputTokens()).isGreaterThan(results.get(0).inputTokens());
  }

  @Test
  void parsesTheTasksOption() {
    assertThat(CodingAgentApp.parseRepeats(new String[0])).isEqualTo(1);
    assertThat(CodingAgentApp.parseRepeats(new String[] {"--tasks", "3"})).isEqualTo(3);
    assertThat(CodingAgentApp.parseRepeats(new String[] {"--tasks=4"})).isEqualTo(4);
    assertThat(CodingAgentApp.parseRepeats(new String[] {"--help"})).isZero();
  }

  @Test
  void rejectsBadArgumentsWithOneLineNamingTheFix() {
    assertThatThrownBy(() -> CodingAgentApp.parseRepeats(new String[] {"--tasks", "0"}))
        .hasMessage("--tasks must be a positive whole number, got '0'; pass e.g. --tasks 3");
    assertThatThrownBy(() -> CodingAgentApp.parseRepeats(new String[] {"--tasks", "many"}))
        .hasMessage("--tasks must be a positive whole number, got 'many'; pass e.g. --tasks 3");
    assertThatThrownBy(() -> CodingAgentApp.parseRepeats(new String[] {"--tasks"}))
        .hasMessage("--tasks needs a value; pass a positive whole number, e.g. --tasks 3");
    assertThatThrownBy(() -> CodingAgentApp.parseRepeats(new String[] {"--fast"}))
        .hasMessage("unknown argument '--fast'; the options are --tasks N (e.g. --tasks 3) and --scripted");
  }

  @Test
  void deletesTheWholeWorkspace() throws IOException {
    Path project = Files.createDirectory(workspace.resolve("project"));
    SampleProject.writeTo(project);

    CodingAgentApp.deleteRecursively(project);

    assertThat(project).doesNotExist();
    assertThat(workspace).isEmptyDirectory();
  }

  private static List<String> describe(List<ToolCall> calls) {
    List<String> described = new ArrayList<>();
    for (ToolCall call : calls) {
      described.add(call.id() + " " + call.name() + " " + call.arguments().get("path"));
    }
    return described;
  }

  @Test
  void theRealModelIsChosenWhenOpenAiSettingsAreThereAndNotScripted() {
    CodingAgentApp.Model none = CodingAgentApp.Model.choose(false, java.util.Map.of());
    assertThat(none.name).isEqualTo("scripted-coder-1");
    assertThat(none.client).isInstanceOf(com.example.codingagent.llm.ScriptedModel.class);

    CodingAgentApp.Model local =
        CodingAgentApp.Model.choose(
            false, java.util.Map.of("OPENAI_BASE_URL", "http://127.0.0.1:11434/v1", "OPENAI_MODEL", "qwen2.5"));
    assertThat(local.name).isEqualTo("qwen2.5");
    assertThat(local.description).isEqualTo("qwen2.5 at http://127.0.0.1:11434/v1");
    assertThat(local.client).isInstanceOf(com.example.codingagent.llm.OpenAiModel.class);

    CodingAgentApp.Model keyOnly = CodingAgentApp.Model.choose(false, java.util.Map.of("OPENAI_API_KEY", "sk-x"));
    assertThat(keyOnly.description).isEqualTo("gpt-4o-mini at https://api.openai.com/v1");

    CodingAgentApp.Model forced =
        CodingAgentApp.Model.choose(true, java.util.Map.of("OPENAI_BASE_URL", "http://127.0.0.1:1/v1"));
    assertThat(forced.name).isEqualTo("scripted-coder-1");
  }
}
