package com.example.codingagent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.codingagent.llm.ChatRequest;
import com.example.codingagent.llm.ChatResponse;
import com.example.codingagent.llm.LlmClient;
import com.example.codingagent.llm.Message;
import com.example.codingagent.llm.ScriptedModel;
import com.example.codingagent.llm.Usage;
import com.example.codingagent.tools.AgentTool;
import com.example.codingagent.tools.ListFilesTool;
import com.example.codingagent.tools.ReadFileTool;
import com.example.codingagent.tools.ToolCall;
import com.example.codingagent.tools.ToolResult;
import com.example.codingagent.tools.WriteFileTool;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CodingAgentTest {
  private static final Task TASK = new Task("t", "Count the TODOs");

  @TempDir Path workspace;

  @Test
  void reportsAFailedReadBackToTheModelAndCarriesOn() throws IOException {
    SampleProject.writeTo(workspace);
    List<ChatRequest> requests = new ArrayList<>();
    ScriptedModel model = new ScriptedModel(0);
    LlmClient recording =
        request -> {
          requests.add(request);
          return model.complete(request);
        };
    CodingAgent agent =
        new CodingAgent(
            recording,
            "m",
            List.of(
                new ListFilesTool(workspace),
                new ReadFileTool(workspace),
                new WriteFileTool(workspace)));

    TaskResult result = agent.handle(new Task("s", "Summarise the project into NOTES.md"));

    assertThat(result.completed()).isTrue();
    assertThat(requests).hasSize(5);
    List<Message> second = requests.get(1).messages();
    assertThat(second).hasSize(4);
    assertThat(second.get(0).role()).isEqualTo(Message.Role.SYSTEM);
    assertThat(second.get(0).content()).isEqualTo(CodingAgent.SYSTEM_PROMPT);
    assertThat(second.get(1).content()).isEqualTo("Summarise the project into NOTES.md");
    assertThat(second.get(2).toolCalls())
        .extracting(ToolCall::toString)
        .containsExactly("read_file(path=README.md)");
    Message failure = second.get(3);
    assertThat(failure.role()).isEqualTo(Message.Role.TOOL);
    assertThat(failure.toolCallId()).isEqualTo("call_1");
    assertThat(failure.isError()).isTrue();
    assertThat(failure.content()).isEqualTo("read_file failed: no such file: README.md");
    // The first request must not have grown when the agent appended later turns.
    assertThat(requests.get(0).messages()).hasSize(2);
  }

  @Test
  void stopsAfterTenTurnsWhenTheModelNeverAnswers() {
    List<ToolCall> made = new ArrayList<>();
    AgentTool echo = tool("echo", call -> ToolResult.success(call.id(), "ok"));
    LlmClient looping =
        request -> {
          ToolCall call = new ToolCall("c" + made.size(), "echo", Map.of());
          made.add(call);
          return new ChatResponse("m", "", List.of(call), new Usage(3, 2));
        };

    TaskResult result = new CodingAgent(looping, "m", List.of(echo)).handle(TASK);

    assertThat(result.completed()).isFalse();
    assertThat(result.answer()).isEqualTo("no answer after 10 turns");
    assertThat(result.turns()).isEqualTo(CodingAgent.MAX_TURNS).isEqualTo(10);
    assertThat(result.toolCalls()).isEqualTo(made).hasSize(10);
    assertThat(result.inputTokens()).isEqualTo(30);
    assertThat(result.outputTokens()).isEqualTo(20);
  }

  @Test
  void runsEveryToolCallOfATurnInOrderAndCountsFailures() {
    List<String> ran = new ArrayList<>();
    AgentTool ok =
        tool(
            "ok",
            call -> {
              ran.add(call.id());
              return ToolResult.success(call.id(), "fine");
            });
    AgentTool broken =
        tool(
            "broken",
            call -> {
              ran.add(call.id());
              throw new IllegalStateException("disk on fire");
            });
    List<List<Message>> seen = new ArrayList<>();
    LlmClient model =
        request -> {
          seen.add(request.messages());
          if (seen.size() == 1) {
            return new ChatResponse(
                "m",
                "",
                List.of(
                    new ToolCall("a", "ok", Map.of()),
                    new ToolCall("b", "broken", Map.of()),
                    new ToolCall("c", "missing", Map.of())),
                new Usage(1, 1));
          }
          return new ChatResponse("m", "done", List.of(), new Usage(1, 1));
        };

    TaskResult result = new CodingAgent(model, "m", List.of(ok, broken)).handle(TASK);

    assertThat(result.answer()).isEqualTo("done");
    assertThat(result.turns()).isEqualTo(2);
    assertThat(ran).containsExactly("a", "b");
    assertThat(result.failedToolCalls()).isEqualTo(2);
    List<Message> fedBack = seen.get(1).subList(3, 6);
    assertThat(fedBack).extracting(Message::toolCallId).containsExactly("a", "b", "c");
    assertThat(fedBack).extracting(Message::isError).containsExactly(false, true, true);
    assertThat(fedBack)
        .extracting(Message::content)
        .containsExactly(
            "fine",
            "broken failed: disk on fire",
            "unknown tool 'missing'; available tools: [ok, broken]");
  }

  @Test
  void refusesTwoToolsWithTheSameName() {
    List<AgentTool> tools =
        List.of(
            tool("x", call -> ToolResult.success(call.id(), "")),
            tool("x", call -> ToolResult.success(call.id(), "")));

    assertThatThrownBy(() -> new CodingAgent(new ScriptedModel(0), "m", tools))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("two tools are named 'x'; give each tool a distinct name()");
  }

  private static AgentTool tool(
      String name, java.util.function.Function<ToolCall, ToolResult> body) {
    return new AgentTool() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public ToolResult execute(ToolCall call) {
        return body.apply(call);
      }
    };
  }
}
