package io.jrunc.internal.linux.cgroup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jrunc.spec.Linux.Resources.DeviceRule;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The v2 device program, run by a small eBPF interpreter for the instructions it uses (the
 * kernel's verifier and the real thing: CgroupsIT).
 */
class DeviceFilterTest {

  /** Runs the program on one request; returns r0. */
  static int run(byte[] prog, int type, int access, int major, int minor) {
    long[] r = new long[11];
    int[] ctx = {(access << 16) | type, major, minor};
    ByteBuffer b = ByteBuffer.wrap(prog).order(ByteOrder.LITTLE_ENDIAN);
    int pc = 0;
    for (int steps = 0; steps < 10_000; steps++) {
      int code = b.get(pc * 8) & 0xff;
      int regs = b.get(pc * 8 + 1) & 0xff;
      int dst = regs & 0xf;
      int src = regs >> 4;
      int off = b.getShort(pc * 8 + 2);
      int imm = b.getInt(pc * 8 + 4);
      pc++;
      switch (code) {
        case DeviceFilter.LDX_MEM_W -> {
          assertThat(src).isEqualTo(1);
          r[dst] = ctx[off / 4] & 0xffffffffL;
        }
        case DeviceFilter.ALU_MOV_X -> r[dst] = r[src] & 0xffffffffL;
        case DeviceFilter.ALU_AND_K -> r[dst] = (r[dst] & imm) & 0xffffffffL;
        case DeviceFilter.ALU_RSH_K -> r[dst] = (r[dst] & 0xffffffffL) >>> imm;
        case DeviceFilter.ALU64_MOV_K -> r[dst] = imm;
        case DeviceFilter.JMP_JNE_K -> pc += r[dst] != imm ? off : 0;
        case DeviceFilter.JMP_JEQ_K -> pc += r[dst] == imm ? off : 0;
        case DeviceFilter.EXIT -> {
          return (int) r[0];
        }
        default -> throw new AssertionError("opcode " + code);
      }
    }
    throw new AssertionError("no exit");
  }

  static DeviceRule rule(boolean allow, String type, Long major, Long minor, String access) {
    return new DeviceRule(allow, type, major, minor, access, null);
  }

  static final int C = DeviceFilter.DEV_CHAR;
  static final int B = DeviceFilter.DEV_BLOCK;
  static final int R = DeviceFilter.ACC_READ;
  static final int W = DeviceFilter.ACC_WRITE;
  static final int M = DeviceFilter.ACC_MKNOD;

  @Test
  void theRuntimesRulesLastMatchDecidesNothingMatchingIsDenied() throws Exception {
    List<DeviceRule> rules = new java.util.ArrayList<>(List.of(rule(false, null, null, null, "rwm")));
    rules.addAll(DeviceRules.DEFAULT_ALLOWED);
    rules.add(rule(true, "c", 1L, 11L, "w"));
    rules.add(rule(false, "c", 1L, 9L, "w"));
    byte[] p = DeviceFilter.compile(rules);
    assertThat(p.length % 8).isZero();
    assertThat(run(p, C, R | W, 1, 3)).as("/dev/null rw").isEqualTo(1);
    assertThat(run(p, C, R, 1, 9)).as("/dev/urandom r").isEqualTo(1);
    assertThat(run(p, C, W, 1, 9)).as("/dev/urandom w, denied last").isEqualTo(0);
    assertThat(run(p, C, W, 1, 11)).as("/dev/kmsg w").isEqualTo(1);
    assertThat(run(p, C, R | W, 1, 11)).as("/dev/kmsg rw: r not granted").isEqualTo(0);
    assertThat(run(p, C, R, 136, 4)).as("a pty").isEqualTo(1);
    assertThat(run(p, B, M, 8, 0)).as("mknod of any block device").isEqualTo(1);
    assertThat(run(p, B, R, 8, 0)).as("reading a disk").isEqualTo(0);
    assertThat(run(p, C, R, 1, 1)).as("/dev/mem").isEqualTo(0);
  }

  @Test
  void allowAllAndEmpty() throws Exception {
    byte[] all = DeviceFilter.compile(List.of(rule(true, "a", null, null, "rwm")));
    assertThat(run(all, B, R | W | M, 8, 1)).isEqualTo(1);
    byte[] none = DeviceFilter.compile(List.of());
    assertThat(run(none, C, R, 1, 3)).isEqualTo(0);
    assertThatThrownBy(() -> DeviceFilter.compile(List.of(rule(true, "q", null, null, "r"))))
        .hasMessageContaining("linux.resources.devices[0].type");
  }
}
