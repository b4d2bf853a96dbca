package io.cludeobs.agent.genai;

/** Reads one library's request, response and stream-chunk objects into an {@link LlmCall}. */
interface LibraryReader {

  /** {@code gen_ai.provider.name}. */
  String provider();

  /** {@code gen_ai.operation.name}. */
  default String operationName() {
    return "chat";
  }

  void readRequest(LlmCall call, Object client, Object request);

  void readResponse(LlmCall call, Object response);

  void readChunk(LlmCall call, Object chunk);

  /** Binary name of the library's blocking stream interface, or null. */
  String blockingStream();

  /** Binary name of the library's callback stream interface, or null. */
  String asyncStream();
}
