package io.jrunc.internal.linux.seccomp;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Runs a classic BPF seccomp program on one {@code struct seccomp_data}, as the kernel would: the
 * instructions a seccomp filter may use, forward jumps only, every path ending in a return.
 */
final class BpfInterpreter {
  private BpfInterpreter() {
  }

  /** {@code struct seccomp_data}: nr, arch, instruction pointer, six arguments. */
  record Data(int nr, int arch, long ip, long... args) {
    Data {
      if (args.length > 6) {
        throw new IllegalArgumentException("at most 6 arguments");
      }
      long[] a = new long[6];
      System.arraycopy(args, 0, a, 0, args.length);
      args = a;
    }

    static Data of(SeccompArch arch, String call, long... args) {
      return new Data(arch.number(call).orElseThrow(() -> new IllegalArgumentException(call)),
          arch.auditArch(), 0, args);
    }

    byte[] bytes() {
      ByteBuffer b = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
      b.putInt(nr).putInt(arch).putLong(ip);
      for (long a : args) {
        b.putLong(a);
      }
      return b.array();
    }
  }

  static int run(byte[] program, Data data) {
    ByteBuffer p = ByteBuffer.wrap(program).order(ByteOrder.nativeOrder());
    byte[] mem = data.bytes();
    ByteBuffer m = ByteBuffer.wrap(mem).order(ByteOrder.LITTLE_ENDIAN);
    int n = program.length / 8;
    if (n == 0 || n > Bpf.MAX_INSTRUCTIONS || program.length % 8 != 0) {
      throw new IllegalArgumentException("bad program length " + program.length);
    }
    int a = 0;
    int pc = 0;
    while (true) {
      if (pc >= n) {
        throw new IllegalStateException("ran off the end of the program");
      }
      int code = p.getShort(pc * 8) & 0xffff;
      int jt = p.get(pc * 8 + 2) & 0xff;
      int jf = p.get(pc * 8 + 3) & 0xff;
      int k = p.getInt(pc * 8 + 4);
      pc++;
      switch (code) {
        case Bpf.LD_W_ABS -> {
          if (k < 0 || k > 60 || k % 4 != 0) {
            throw new IllegalStateException("load at " + k);
          }
          a = m.getInt(k);
        }
        case Bpf.ALU_AND_K -> a &= k;
        case Bpf.JMP_JA -> pc += k;
        case Bpf.JMP_JEQ_K -> pc += a == k ? jt : jf;
        case Bpf.JMP_JGT_K -> pc += Integer.compareUnsigned(a, k) > 0 ? jt : jf;
        case Bpf.JMP_JGE_K -> pc += Integer.compareUnsigned(a, k) >= 0 ? jt : jf;
        case Bpf.JMP_JSET_K -> pc += (a & k) != 0 ? jt : jf;
        case Bpf.RET_K -> {
          return k;
        }
        default -> throw new IllegalStateException("instruction 0x" + Integer.toHexString(code));
      }
    }
  }
}
