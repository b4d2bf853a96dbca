package io.cludeobs.agent.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Test fixture: builds sources from key/value pairs, loads, and keeps the reported lines. */
final class Loaded {
  final Map<String, String> props = new HashMap<>();
  final Map<String, String> env = new HashMap<>();
  final List<String> problems = new ArrayList<>();
  private final Path dir;

  Loaded(Path dir) {
    this.dir = dir;
  }

  Loaded prop(String key, String value) {
    props.put(key, value);
    return this;
  }

  Loaded env(String key, String value) {
    env.put(key, value);
    return this;
  }

  AgentConfig load() {
    return AgentConfig.load(ConfigSources.of(props, env, dir), problems::add);
  }
}
