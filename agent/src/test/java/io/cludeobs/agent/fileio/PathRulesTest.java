package io.cludeobs.agent.fileio;

import static org.assertj.core.api.Assertions.assertThat;

import io.cludeobs.agent.config.FilePathMode;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class PathRulesTest {

  private static final List<String> DIRS = Arrays.asList("/data/clude", "/jdk", "/proc");
  private static final List<String> FILES = Collections.singletonList("/app/classes-entry");

  private static PathRules rules(FilePathMode mode, List<String> include, List<String> exclude) {
    return new PathRules(mode, Paths.get("/work/project"), DIRS, FILES, include, exclude);
  }

  private static String shown(PathRules rules, String raw) {
    TrackedPath p = rules.resolve(raw);
    return p == null ? "EXCLUDED" : p.shown;
  }

  @Test
  void builtInExcludesCoverTheDataDirTheJdkJarsClassFilesAndClassPathEntries() {
    PathRules r = rules(FilePathMode.FULL, Collections.emptyList(), Collections.emptyList());
    assertThat(shown(r, "/data/clude/traces/t.jsonl")).isEqualTo("EXCLUDED");
    assertThat(shown(r, "/data/clude")).isEqualTo("EXCLUDED");
    assertThat(shown(r, "/jdk/lib/modules")).isEqualTo("EXCLUDED");
    assertThat(shown(r, "/proc/self/stat")).isEqualTo("EXCLUDED");
    assertThat(shown(r, "/libs/a.jar")).isEqualTo("EXCLUDED");
    assertThat(shown(r, "/out/com/acme/A.class")).isEqualTo("EXCLUDED");
    assertThat(shown(r, "/app/classes-entry")).isEqualTo("EXCLUDED");
    // a sibling whose name only starts like an excluded dir is not inside it
    assertThat(shown(r, "/data/clude-notes.txt")).isEqualTo("/data/clude-notes.txt");
    assertThat(shown(r, "/data/clude/../x.txt")).isEqualTo("/data/x.txt");
  }

  @Test
  void pathsSharingASlotOfTheRecentDecisionsEachKeepTheirOwn() {
    PathRules r = rules(FilePathMode.FULL, Collections.emptyList(), Collections.emptyList());
    // many more paths than slots, so slots are shared; one excluded path among them
    for (int round = 0; round < 2; round++) {
      for (int i = 0; i < 5000; i++) {
        assertThat(shown(r, "/work/project/f" + i)).isEqualTo("/work/project/f" + i);
      }
      assertThat(shown(r, "/proc/self/stat")).isEqualTo("EXCLUDED");
    }
    // an equal path in another String instance finds the decision of the first
    String first = new String("/work/project/same");
    String second = new String("/work/project/same");
    assertThat(r.resolve(second)).isSameAs(r.resolve(first));
  }

  @Test
  void modesShowRelativeFullHashedOrNothing() {
    assertThat(shown(rules(FilePathMode.RELATIVE, List.of(), List.of()), "/work/project/src/A.java"))
        .isEqualTo("src/A.java");
    assertThat(shown(rules(FilePathMode.RELATIVE, List.of(), List.of()), "/etc/hosts")).isEqualTo("../../etc/hosts");
    assertThat(shown(rules(FilePathMode.FULL, List.of(), List.of()), "/etc/hosts")).isEqualTo("/etc/hosts");
    assertThat(shown(rules(FilePathMode.HASHED, List.of(), List.of()), "/etc/hosts"))
        .isEqualTo("sha256:4a666ea3a3b04a24");
    assertThat(rules(FilePathMode.NONE, List.of(), List.of()).resolve("/etc/hosts").shown).isNull();
    assertThat(rules(FilePathMode.NONE, List.of(), List.of()).resolve("/etc/hosts").absolute).isEqualTo("/etc/hosts");
  }

  @Test
  void globsMatchTheAbsolutePathOrThePathRelativeToTheBaseDir() {
    PathRules r = rules(FilePathMode.FULL, List.of("src/**", "/tmp/*.txt"), List.of("**/*.secret"));
    assertThat(shown(r, "/work/project/src/a/B.java")).isEqualTo("/work/project/src/a/B.java");
    assertThat(shown(r, "/tmp/x.txt")).isEqualTo("/tmp/x.txt");
    assertThat(shown(r, "/tmp/deeper/x.txt")).isEqualTo("EXCLUDED");
    assertThat(shown(r, "/work/project/README")).isEqualTo("EXCLUDED");
    assertThat(shown(r, "/work/project/src/key.secret")).isEqualTo("EXCLUDED");
  }

  @Test
  void hashIsTheFirstSixteenHexDigitsOfSha256() {
    // printf %s /etc/hosts | sha256sum → 4a666ea3a3b04a24f574974d...
    assertThat(PathRules.hash("/etc/hosts")).isEqualTo("sha256:4a666ea3a3b04a24");
  }
}
