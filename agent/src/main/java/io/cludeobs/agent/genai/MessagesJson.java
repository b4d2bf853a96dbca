package io.cludeobs.agent.genai;

/**
 * Builds {@code gen_ai.input.messages} / {@code gen_ai.output.messages} in the GenAI conventions'
 * JSON shape ({@code [{"role":…,"parts":[…],"finish_reason":…}]}). Every text goes through one
 * attribute-wide budget: redacted, then cut where the cap is reached.
 */
final class MessagesJson {

  private final StringBuilder out = new StringBuilder("[");
  private final ContentCapture.Budget budget;
  private boolean firstMessage = true;
  private boolean firstPart = true;

  MessagesJson(ContentCapture capture) {
    this.budget = capture.budget();
  }

  /** {@code gen_ai.system_instructions}: a parts array with one text part. */
  static String instructions(ContentCapture capture, String text) {
    StringBuilder b = new StringBuilder("[{\"type\":\"text\",\"content\":");
    JsonText.string(b, capture.budget().redactAndTake(text));
    return b.append("}]").toString();
  }

  MessagesJson message(String role) {
    if (!firstMessage) {
      out.append(',');
    }
    firstMessage = false;
    firstPart = true;
    out.append("{\"role\":");
    JsonText.string(out, role);
    out.append(",\"parts\":[");
    return this;
  }

  MessagesJson text(String content) {
    if (content == null) {
      return this;
    }
    part("text");
    out.append(",\"content\":");
    JsonText.string(out, budget.redactAndTake(content));
    out.append('}');
    return this;
  }

  MessagesJson toolCall(String id, String name, String arguments) {
    part("tool_call");
    field("id", id);
    field("name", name);
    if (arguments != null) {
      out.append(",\"arguments\":");
      JsonText.string(out, budget.redactAndTake(arguments));
    }
    out.append('}');
    return this;
  }

  MessagesJson toolResponse(String id, String response) {
    part("tool_call_response");
    field("id", id);
    if (response != null) {
      out.append(",\"response\":");
      JsonText.string(out, budget.redactAndTake(response));
    }
    out.append('}');
    return this;
  }

  MessagesJson end(String finishReason) {
    out.append(']');
    if (finishReason != null) {
      out.append(",\"finish_reason\":");
      JsonText.string(out, finishReason);
    }
    out.append('}');
    return this;
  }

  String build() {
    return out.toString() + "]";
  }

  private void part(String type) {
    if (!firstPart) {
      out.append(',');
    }
    firstPart = false;
    out.append("{\"type\":");
    JsonText.string(out, type);
  }

  private void field(String name, String value) {
    if (value != null) {
      out.append(",\"").append(name).append("\":");
      JsonText.string(out, value);
    }
  }
}
