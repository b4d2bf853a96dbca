package com.example.codingagent.llm;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.codingagent.tools.ToolCall;
import com.example.codingagent.tools.ToolResult;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScriptedModelTest {
  private final ScriptedModel model = new ScriptedModel(0);

  @Test
  void estimatesOneTokenPerFourCharactersRoundedUp() {
    assertThat(ScriptedModel.estimateTokens(0)).isZero();
    assertThat(ScriptedModel.estimateTokens(1)).isEqualTo(1);
    assertThat(ScriptedModel.estimateTokens(4)).isEqualTo(1);
    assertThat(ScriptedModel.estimateTokens(5)).isEqualTo(2);
  }

  @Test
  void firstTodoTurnListsFilesAndReportsUsage() {
    // 4 + 15 prompt characters -> 5 tokens; "list_files" + "path" + "." = 15 characters -> 4
    // tokens.
    ChatResponse response =
        model.complete(
            new ChatRequest(
                "scripted-coder-1",
                List.of(Message.system("abcd"), Message.user("Count the TODOs"))));

    assertThat(response.model()).isEqualTo("scripted-coder-1");
    assertThat(response.content()).isEmpty();
    assertThat(response.toolCalls()).hasSize(1);
    ToolCall call = response.toolCalls().get(0);
    assertThat(call.id()).isEqualTo("call_1");
    assertThat(call.name()).isEqualTo("list_files");
    assertThat(call.arguments()).containsExactly(Map.entry("path", "."));
    assertThat(response.usage().inputTokens()).isEqualTo(5);
    assertThat(response.usage().outputTokens()).isEqualTo(4);
  }

  @Test
  void readsAllJavaSourcesOfAListingInOneTurn() {
    ToolCall list = new ToolCall("call_1", "list_files", Map.of("path", "."));
    List<Message> conversation =
        List.of(
            Message.user("Count the TODOs"),
            Message.assistant("", List.of(list)),
            Message.toolResult(ToolResult.success("call_1", "a/A.java\nb.txt\nc/C.java")));

    ChatResponse response = model.complete(new ChatRequest("m", conversation));

    assertThat(response.toolCalls())
        .extracting(ToolCall::toString)
        .containsExactly("read_file(path=a/A.java)", "read_file(path=c/C.java)");
    assertThat(response.toolCalls()).extracting(ToolCall::id).containsExactly("call_2", "call_3");
  }

  @Test
  void answersWithTheTodoCountOnceEverySourceIsRead() {
    List<Message> conversation =
        List.of(
            Message.user("Count the TODOs"),
            Message.assistant("", List.of(new ToolCall("call_1", "list_files", Map.of()))),
            Message.toolResult(ToolResult.success("call_1", "A.java")),
            Message.assistant(
                "", List.of(new ToolCall("call_2", "read_file", Map.of("path", "A.java")))),
            Message.toolResult(ToolResult.success("call_2", "// TODO one\nx\n// TODO two\n")));

    ChatResponse response = model.complete(new ChatRequest("m", conversation));

    assertThat(response.toolCalls()).isEmpty();
    assertThat(response.content()).isEqualTo("Found 2 TODOs in 1 files: A.java (2).");
  }

  @Test
  void retriesAListingThatFailed() {
    List<Message> conversation =
        List.of(
            Message.user("Count the TODOs"),
            Message.assistant("", List.of(new ToolCall("call_1", "list_files", Map.of()))),
            Message.toolResult(ToolResult.failure("call_1", "list_files failed: busy")));

    ChatResponse response = model.complete(new ChatRequest("m", conversation));

    assertThat(response.toolCalls())
        .extracting(ToolCall::toString)
        .containsExactly("list_files(path=.)");
    assertThat(response.toolCalls().get(0).id()).isEqualTo("call_2");
  }

  @Test
  void answersUnknownTasksWithoutTools() {
    ChatResponse response =
        model.complete(new ChatRequest("m", List.of(Message.user("Deploy to production"))));

    assertThat(response.toolCalls()).isEmpty();
    assertThat(response.content())
        .isEqualTo("I can summarise this project into NOTES.md or count its TODOs.");
  }

  @Test
  void notesListEachSourceWithLinesDescriptionAndTodoTotal() {
    String notes =
        ScriptedModel.notes(
            List.of("A.java", "B.java"),
            Map.of("A.java", "/** Does A. */\n// TODO x\nclass A {}\n", "B.java", "class B {}"));

    assertThat(notes)
        .isEqualTo(
            "# Project notes\n\n"
                + "- `A.java` (3 lines): Does A.\n"
                + "- `B.java` (1 lines): no description\n"
                + "\nOpen TODOs: 1\n");
  }
}
