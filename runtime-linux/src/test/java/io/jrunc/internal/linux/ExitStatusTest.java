package io.jrunc.internal.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ExitStatusTest {
  @Test
  void decodesExitCodesFromWaitStatuses() {
    assertThat(ExitStatus.fromWaitStatus(0)).isEqualTo(ExitStatus.exited(0));
    ExitStatus three = ExitStatus.fromWaitStatus(3 << 8);
    assertThat(three.exitCode()).isEqualTo(3);
    assertThat(three.signaled()).isFalse();
    assertThat(three.exitValue()).isEqualTo(3);
    assertThat(ExitStatus.fromWaitStatus(255 << 8).exitValue()).isEqualTo(255);
    assertThat(three).hasToString("exited with code 3");
  }

  @Test
  void decodesSignalsAsShellsReportThem() {
    ExitStatus killed = ExitStatus.fromWaitStatus(9);
    assertThat(killed.signal()).isEqualTo(9);
    assertThat(killed.signaled()).isTrue();
    assertThat(killed.coreDumped()).isFalse();
    assertThat(killed.exitValue()).isEqualTo(137);
    assertThat(killed).hasToString("killed by signal 9");
    ExitStatus segv = ExitStatus.fromWaitStatus(0x80 | 11);
    assertThat(segv.signal()).isEqualTo(11);
    assertThat(segv.coreDumped()).isTrue();
    assertThat(segv.exitValue()).isEqualTo(139);
    assertThat(segv.oomKilled()).isFalse();
  }

  @Test
  void stoppedAndContinuedAreNoExits() {
    assertThatThrownBy(() -> ExitStatus.fromWaitStatus(0x137f)) // stopped by SIGSTOP
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ExitStatus.fromWaitStatus(0xffff)) // continued
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void decodesWaitidSiginfo() {
    assertThat(ExitStatus.fromSiginfo(LibC.CLD_EXITED, 42)).isEqualTo(ExitStatus.exited(42));
    assertThat(ExitStatus.fromSiginfo(LibC.CLD_KILLED, 15)).isEqualTo(ExitStatus.killed(15, false));
    assertThat(ExitStatus.fromSiginfo(LibC.CLD_DUMPED, 6)).isEqualTo(ExitStatus.killed(6, true));
    assertThatThrownBy(() -> ExitStatus.fromSiginfo(5 /* CLD_STOPPED */, 19))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void waitStatusRoundTrips() {
    for (int status : new int[] {0, 1 << 8, 3 << 8, 255 << 8, 9, 15, 0x80 | 6}) {
      assertThat(ExitStatus.fromWaitStatus(status).waitStatus()).isEqualTo(status);
    }
  }

  @Test
  void theOomFlagIsCarried() {
    ExitStatus s = ExitStatus.killed(9, false).withOomKilled(true);
    assertThat(s.oomKilled()).isTrue();
    assertThat(s.exitValue()).isEqualTo(137);
    assertThat(s).hasToString("killed by signal 9 (out of memory)");
  }
}
