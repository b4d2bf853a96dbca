package com.example.codingagent;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The small Java project the demo agent works on: two sources with three TODOs and a settings file.
 */
final class SampleProject {
  static final String APP = "src/main/java/demo/App.java";
  static final String GREETER = "src/main/java/demo/Greeter.java";
  static final String SETTINGS = "settings.properties";

  private SampleProject() {}

  static Map<String, String> files() {
    Map<String, String> files = new LinkedHashMap<>();
    files.put(SETTINGS, "greeting=Hello\n");
    files.put(
        APP,
        "package demo;\n"
            + "\n"
            + "/** Entry point that greets each name given on the command line. */\n"
            + "public final class App {\n"
            + "  public static void main(String[] args) {\n"
            + "    Greeter greeter = new Greeter(\"Hello\");\n"
            + "    // TODO: read the greeting from settings.properties\n"
            + "    for (String name : args) {\n"
            + "      System.out.println(greeter.greet(name));\n"
            + "    }\n"
            + "  }\n"
            + "}\n");
    files.put(
        GREETER,
        "package demo;\n"
            + "\n"
            + "/** Builds greeting lines from a fixed salutation. */\n"
            + "final class Greeter {\n"
            + "  private final String salutation;\n"
            + "\n"
            + "  Greeter(String salutation) {\n"
            + "    this.salutation = salutation;\n"
            + "  }\n"
            + "\n"
            + "  String greet(String name) {\n"
            + "    // TODO: reject blank names\n"
            + "    // TODO: support localised salutations\n"
            + "    return salutation + \", \" + name + \"!\";\n"
            + "  }\n"
            + "}\n");
    return files;
  }

  static void writeTo(Path workspace) throws IOException {
    for (Map.Entry<String, String> file : files().entrySet()) {
      Path path = workspace.resolve(file.getKey());
      Files.createDirectories(path.getParent());
      Files.write(path, file.getValue().getBytes(StandardCharsets.UTF_8));
    }
  }
}
