package io.cludeobs.agent.weaving;

import static org.assertj.core.api.Assertions.assertThat;

import net.bytebuddy.pool.TypePool;
import org.junit.jupiter.api.Test;

class WeaveLogTest {

  @Test
  void aTypeItsLoaderCannotFindIsNotAUserProblem() {
    assertThat(WeaveLog.isMissingType(new IllegalStateException("Cannot resolve type description for javax.servlet.Filter")))
        .isTrue();
    assertThat(WeaveLog.isMissingType(new RuntimeException("wrapped", new TypePool.Resolution.NoSuchTypeException("a.B"))))
        .isTrue();
    assertThat(WeaveLog.isMissingType(new IllegalStateException("Illegal instruction at 12"))).isFalse();
    assertThat(WeaveLog.isMissingType(new VerifyError("Bad type on operand stack"))).isFalse();
  }
}
