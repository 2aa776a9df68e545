package io.jrunc.internal.linux.seccomp;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * A classic BPF assembler for seccomp filters: instructions whose jumps name {@link Label}s,
 * resolved to offsets by {@link #assemble()}. Conditional jumps reach at most 255 instructions
 * ahead; callers keep them local and use {@link #ja} for the rest.
 */
final class Bpf {
  static final int LD_W_ABS = 0x20;
  static final int ALU_AND_K = 0x54;
  static final int JMP_JA = 0x05;
  static final int JMP_JEQ_K = 0x15;
  static final int JMP_JGT_K = 0x25;
  static final int JMP_JGE_K = 0x35;
  static final int JMP_JSET_K = 0x45;
  static final int RET_K = 0x06;

  /** The kernel's limit (BPF_MAXINSNS). */
  static final int MAX_INSTRUCTIONS = 4096;

  /** A jump target; bound to the position of the next instruction by {@link #bind}. */
  static final class Label {
    private int at = -1;
  }

  private record Insn(int code, int k, Label jt, Label jf) {
  }

  private final List<Insn> code = new ArrayList<>();

  Label label() {
    return new Label();
  }

  /** Binds the label to the next instruction. */
  Bpf bind(Label l) {
    if (l.at >= 0) {
      throw new IllegalStateException("label bound twice");
    }
    l.at = code.size();
    return this;
  }

  /** A = the 32-bit word at offset in seccomp_data. */
  Bpf load(int offset) {
    code.add(new Insn(LD_W_ABS, offset, null, null));
    return this;
  }

  Bpf and(int k) {
    code.add(new Insn(ALU_AND_K, k, null, null));
    return this;
  }

  /** A conditional jump: to jt if true, to jf if false; a null label is the next instruction. */
  Bpf jump(int op, int k, Label jt, Label jf) {
    code.add(new Insn(op, k, jt, jf));
    return this;
  }

  Bpf ja(Label to) {
    code.add(new Insn(JMP_JA, 0, to, null));
    return this;
  }

  Bpf ret(int value) {
    code.add(new Insn(RET_K, value, null, null));
    return this;
  }

  int size() {
    return code.size();
  }

  /**
   * The program as {@code struct sock_filter[]} in the machine's byte order.
   *
   * @throws IllegalStateException if a label is unbound or a conditional jump is too long
   */
  byte[] assemble() {
    ByteBuffer b = ByteBuffer.allocate(code.size() * 8).order(ByteOrder.nativeOrder());
    for (int i = 0; i < code.size(); i++) {
      Insn in = code.get(i);
      int jt = 0;
      int jf = 0;
      int k = in.k;
      if (in.code == JMP_JA) {
        k = offset(i, in.jt, Integer.MAX_VALUE);
      } else if ((in.code & 0x07) == 0x05) {
        jt = offset(i, in.jt, 255);
        jf = offset(i, in.jf, 255);
      }
      b.putShort((short) in.code).put((byte) jt).put((byte) jf).putInt(k);
    }
    return b.array();
  }

  private static int offset(int from, Label to, int max) {
    if (to == null) {
      return 0;
    }
    if (to.at < 0) {
      throw new IllegalStateException("unbound label at instruction " + from);
    }
    int off = to.at - from - 1;
    if (off < 0 || off > max) {
      throw new IllegalStateException("jump from " + from + " to " + to.at + " out of range");
    }
    return off;
  }
}
