package io.cludeobs.agent.genai;

/**
 * Reads a tool-call request object handed to a tool pointcut method: {@code name()}, {@code id()}
 * and {@code arguments()}, whatever the class, by accessor name.
 */
public final class ToolRequests {

  private ToolRequests() {}

  public static String name(Object request) {
    return Reflect.text(request, "name");
  }

  public static String id(Object request) {
    return Reflect.text(request, "id");
  }

  /** The arguments as text (their {@code toString()}), or null. */
  public static String arguments(Object request) {
    Object args = Reflect.call(request, "arguments");
    return args == null ? null : args.toString();
  }
}
