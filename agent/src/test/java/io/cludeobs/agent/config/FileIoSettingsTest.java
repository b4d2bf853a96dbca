package io.cludeobs.agent.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Paths;
import org.junit.jupiter.api.Test;

/** The {@code file_io.*} settings and the {@code file-io} switch. */
class FileIoSettingsTest {

  private static Loaded loaded() {
    return new Loaded(Paths.get("/srv/app")).prop("user.home", "/home/ada");
  }

  @Test
  void defaultsAreRelativeToTheWorkingDirectoryWithNoGlobs() {
    AgentConfig c = loaded().load();
    assertThat(c.fileIoPathMode()).isEqualTo(FilePathMode.RELATIVE);
    assertThat(c.fileIoBaseDir()).isEqualTo(Paths.get("/srv/app"));
    assertThat(c.fileIoInclude()).isEmpty();
    assertThat(c.fileIoExclude()).isEmpty();
    assertThat(c.instrumentationEnabled("file-io")).isTrue();
  }

  @Test
  void everyFileIoSettingParses() {
    Loaded l =
        loaded()
            .prop("clude.obs.file_io.path_mode", "Hashed")
            .prop("clude.obs.file_io.base_dir", "~/work/../proj")
            .env("CLUDE_OBS_FILE_IO_INCLUDE", "src/**; /tmp/{a,b}.txt")
            .prop("clude.obs.file_io.exclude", "**/*.secret")
            .prop("clude.obs.instrumentation.file-io.enabled", "false");
    AgentConfig c = l.load();
    assertThat(l.problems).isEmpty();
    assertThat(c.fileIoPathMode()).isEqualTo(FilePathMode.HASHED);
    assertThat(c.fileIoBaseDir()).isEqualTo(Paths.get("/home/ada/proj"));
    assertThat(c.fileIoInclude()).containsExactly("src/**", "/tmp/{a,b}.txt");
    assertThat(c.fileIoExclude()).containsExactly("**/*.secret");
    assertThat(c.instrumentationEnabled("file-io")).isFalse();
    assertThat(c.describe())
        .contains(
            "file_io.path_mode = hashed\n",
            "file_io.base_dir = /home/ada/proj\n",
            "file_io.include = [src/**, /tmp/{a,b}.txt]\n");
  }

  @Test
  void aBadPathModeIsOneLineAndFallsBackToRelative() {
    Loaded l = loaded().prop("clude.obs.file_io.path_mode", "secret");
    assertThat(l.load().fileIoPathMode()).isEqualTo(FilePathMode.RELATIVE);
    assertThat(l.problems)
        .containsExactly(
            "clude.obs.file_io.path_mode=secret: unknown path mode; use full, relative, hashed or none; using relative");
  }

  @Test
  void aBadGlobIsDroppedAloneWithOneLine() {
    Loaded l = loaded().prop("clude.obs.file_io.include", "src/**;{unclosed");
    assertThat(l.load().fileIoInclude()).containsExactly("src/**");
    assertThat(l.problems).hasSize(1);
    assertThat(l.problems.get(0))
        .startsWith("clude.obs.file_io.include=src/**;{unclosed: bad glob {unclosed (")
        .endsWith("); fix or remove it, see docs/configuration.md#file-io; using the other globs");
  }

  @Test
  void aTypoInAFileIoKeyGetsASuggestion() {
    Loaded l = loaded().prop("clude.obs.file_io.path_mod", "full");
    l.load();
    assertThat(l.problems)
        .containsExactly("unknown setting clude.obs.file_io.path_mod=full; did you mean clude.obs.file_io.path_mode?");
  }
}
