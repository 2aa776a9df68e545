package io.jrunc.internal.linux.tty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.jna.Memory;
import io.jrunc.internal.linux.LibC;
import io.jrunc.internal.linux.Linux;
import io.jrunc.internal.linux.spawn.FdInputStream;
import io.jrunc.internal.linux.spawn.FdOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Ptys allocated here (the host's devpts; no privileges), the ioctl numbers, raw mode. */
class PtyMasterTest {
  /** _IOC(dir, type, nr, size) of asm-generic/ioctl.h. */
  static long ioc(int dir, char type, int nr, int size) {
    return ((long) dir << 30) | ((long) size << 16) | ((long) type << 8) | nr;
  }

  @Test
  void theIoctlNumbersAreTheKernels() {
    int none = 0;
    int write = 1;
    int read = 2;
    assertThat(Linux.TIOCSPTLCK).isEqualTo(ioc(write, 'T', 0x31, 4));
    assertThat(Linux.TIOCGPTN).isEqualTo(ioc(read, 'T', 0x30, 4));
    assertThat(Linux.TIOCGPTPEER).isEqualTo(ioc(none, 'T', 0x41, 0));
    // the old-style numbers (no direction or size encoded)
    assertThat(Linux.TIOCSCTTY).isEqualTo(0x540E);
    assertThat(Linux.TIOCGWINSZ).isEqualTo(0x5413);
    assertThat(Linux.TIOCSWINSZ).isEqualTo(0x5414);
    assertThat(Linux.ioctlName(Linux.TIOCGPTPEER)).isEqualTo("TIOCGPTPEER");
    assertThat(Linux.ioctlName(0x1234)).isEqualTo("0x1234");
  }

  @Test
  void consoleSizeIsAWinsize() {
    ConsoleSize s = new ConsoleSize(300, 65535);
    assertThat(s.winsize()).containsExactly(0x2c, 0x01, 0xff, 0xff, 0, 0, 0, 0);
    assertThat(ConsoleSize.ofWinsize(s.winsize())).isEqualTo(s);
    assertThat(ConsoleSize.ofSpec(24, 80)).isEqualTo(new ConsoleSize(24, 80));
    assertThatThrownBy(() -> new ConsoleSize(65536, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ConsoleSize.ofSpec(-1, 1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void bytesGoBothWaysAndTheEndOfThePeerIsTheEndOfTheInput() throws Exception {
    PtyMaster.Pair pair = PtyMaster.openHost(new ConsoleSize(24, 80));
    try (PtyMaster master = pair.master()) {
      assertThat(RawMode.isTerminal(pair.peerFd())).isTrue();
      assertThat(RawMode.isTerminal(master.fd())).isTrue();
      // keys typed on the master are read, a line at a time, on the peer
      master.output().write("hello\n".getBytes(StandardCharsets.UTF_8));
      InputStream peerIn = new FdInputStream(LibC.dup(pair.peerFd()));
      byte[] buf = new byte[64];
      int n = peerIn.read(buf);
      assertThat(new String(buf, 0, n, StandardCharsets.UTF_8)).isEqualTo("hello\n");
      // what the peer writes comes out of the master, with \n made \r\n (ONLCR), after the echo
      try (OutputStream peerOut = new FdOutputStream(LibC.dup(pair.peerFd()))) {
        peerOut.write("out\n".getBytes(StandardCharsets.UTF_8));
      }
      peerIn.close();
      LibC.close(pair.peerFd()); // the last fd of the peer: the master's input ends
      String all = new String(master.input().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(all).isEqualTo("hello\r\nout\r\n");
    }
  }

  @Test
  void resizeIsSeenByThePeer() throws Exception {
    PtyMaster.Pair pair = PtyMaster.openHost(new ConsoleSize(24, 80));
    try (PtyMaster master = pair.master()) {
      assertThat(PtyMaster.size(pair.peerFd())).isEqualTo(new ConsoleSize(24, 80));
      master.resize(new ConsoleSize(50, 132));
      assertThat(PtyMaster.size(pair.peerFd())).isEqualTo(new ConsoleSize(50, 132));
      assertThat(master.size()).isEqualTo(new ConsoleSize(50, 132));
      assertThat(RawMode.size(pair.peerFd())).contains(new ConsoleSize(50, 132));
    } finally {
      LibC.closeQuietly(pair.peerFd());
    }
  }

  @Test
  void aClosedMasterSaysSo() throws Exception {
    PtyMaster.Pair pair = PtyMaster.openHost(null);
    LibC.closeQuietly(pair.peerFd());
    PtyMaster master = pair.master();
    master.close();
    master.close();
    assertThatThrownBy(master::fd).hasMessage("the terminal is closed");
    assertThatThrownBy(() -> master.resize(new ConsoleSize(1, 1))).hasMessage("the terminal is closed");
  }

  @Test
  void rawModeIsEnteredAndRestored() throws Exception {
    PtyMaster.Pair pair = PtyMaster.openHost(null);
    int icanon = 0x2;
    int echo = 0x8;
    try (PtyMaster master = pair.master()) {
      int peer = pair.peerFd();
      assertThat(lflag(peer) & (icanon | echo)).isEqualTo(icanon | echo);
      RawMode raw = RawMode.enter(peer);
      assertThat(lflag(peer) & (icanon | echo)).isZero();
      raw.close();
      raw.close();
      assertThat(lflag(peer) & (icanon | echo)).isEqualTo(icanon | echo);
      assertThat(master.name()).isEqualTo("/dev/ptmx");
    } finally {
      LibC.closeQuietly(pair.peerFd());
    }
    int[] pipe = new int[2];
    LibC.pipe2(pipe, Linux.O_CLOEXEC);
    try {
      assertThat(RawMode.isTerminal(pipe[0])).isFalse();
      assertThat(RawMode.enterIfTerminal(pipe[0])).isEmpty();
      assertThat(RawMode.size(pipe[0])).isEmpty();
      assertThatThrownBy(() -> RawMode.enter(pipe[0])).hasMessageContaining("ENOTTY");
    } finally {
      LibC.closeQuietly(pipe[0]);
      LibC.closeQuietly(pipe[1]);
    }
  }

  /** c_lflag of struct termios (after c_iflag, c_oflag, c_cflag). */
  private static int lflag(int fd) {
    Memory t = new Memory(LibC.TERMIOS_SIZE);
    LibC.tcgetattr(fd, t);
    return t.getInt(12);
  }

  @Test
  void anAttachmentCopiesBothWaysUntilTheContainerSideEnds() throws Exception {
    PtyMaster.Pair pair = PtyMaster.openHost(null);
    try (PtyMaster master = pair.master()) {
      int peer = pair.peerFd();
      RawMode.enter(peer); // no echo, no line discipline: bytes as they are
      ByteArrayOutputStream shown = new ByteArrayOutputStream();
      java.io.PipedOutputStream typing = new java.io.PipedOutputStream();
      java.io.PipedInputStream keys = new java.io.PipedInputStream(typing);
      TerminalAttachment a = TerminalAttachment.start(master, keys, shown);
      typing.write("typed".getBytes(StandardCharsets.UTF_8));
      typing.flush();
      InputStream peerIn = new FdInputStream(LibC.dup(peer));
      byte[] got = new byte[5];
      int off = 0;
      while (off < 5) {
        off += peerIn.read(got, off, 5 - off);
      }
      assertThat(new String(got, StandardCharsets.UTF_8)).isEqualTo("typed");
      try (OutputStream peerOut = new FdOutputStream(LibC.dup(peer))) {
        peerOut.write("shown".getBytes(StandardCharsets.UTF_8));
      }
      peerIn.close();
      LibC.close(peer);
      assertThat(a.awaitOutput(10, TimeUnit.SECONDS)).isTrue();
      assertThat(shown.toString(StandardCharsets.UTF_8)).isEqualTo("shown");
      a.close();
      typing.close();
    }
  }
}
