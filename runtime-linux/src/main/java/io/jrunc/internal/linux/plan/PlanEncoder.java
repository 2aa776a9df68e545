package io.jrunc.internal.linux.plan;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Encodes plans into the binary format of plan.h, and decodes them back (for tests and tools). */
public final class PlanEncoder {
  private PlanEncoder() {}

  public static final int MAGIC = 0x4c50524a; // "JRPL"
  public static final int HEADER_SIZE = 20;
  public static final int STEP_HEADER_SIZE = 8;
  public static final int MAX_SIZE = 64 << 20;
  private static final int NULL_LEN = 0xffffffff;

  public static byte[] encode(Plan plan) {
    Out out = new Out();
    out.u32(MAGIC);
    out.u16(Plan.VERSION);
    out.u16(0);
    out.u32(0); // total length, patched below
    out.u32(plan.size());
    out.u32(vecSlots(plan));
    Out payload = new Out();
    for (Step step : plan.steps()) {
      payload.count = 0;
      String sig = step.op().signature();
      for (int i = 0; i < sig.length(); i++) {
        Object a = step.rawArg(i);
        switch (sig.charAt(i)) {
          case 'u': payload.u32((Integer) a); break;
          case 'q': payload.u64((Long) a); break;
          case 's': payload.str(a == null ? null : ((String) a).getBytes(StandardCharsets.UTF_8)); break;
          case 'b': payload.str((byte[]) a); break;
          case 'v':
            payload.u32(step.strings(i).size());
            for (String s : step.strings(i)) {
              payload.str(s.getBytes(StandardCharsets.UTF_8));
            }
            break;
          case 'a':
            payload.u32(((int[]) a).length);
            for (int v : (int[]) a) {
              payload.u32(v);
            }
            break;
          default: throw new AssertionError(sig);
        }
      }
      out.u16(step.op().code());
      out.u16(step.okErrno());
      out.u32(payload.size());
      payload.writeTo(out);
    }
    byte[] bytes = out.toByteArray();
    if (bytes.length > MAX_SIZE) {
      throw new IllegalArgumentException("plan too large: " + bytes.length + " bytes");
    }
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(8, bytes.length);
    return bytes;
  }

  /** Decodes an encoded plan; throws IllegalArgumentException if it is malformed. */
  public static Plan decode(byte[] bytes) {
    ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    try {
      if (in.getInt() != MAGIC) {
        throw new IllegalArgumentException("not a plan (bad magic)");
      }
      int version = Short.toUnsignedInt(in.getShort());
      if (version != Plan.VERSION) {
        throw new IllegalArgumentException("plan version " + version + ", expected " + Plan.VERSION);
      }
      in.getShort();
      if (in.getInt() != bytes.length) {
        throw new IllegalArgumentException("plan length does not match its header");
      }
      int count = in.getInt();
      in.getInt(); // vec slots
      List<Step> steps = new ArrayList<>();
      for (int n = 0; n < count; n++) {
        PlanOp op = PlanOp.of(Short.toUnsignedInt(in.getShort()));
        int okErrno = Short.toUnsignedInt(in.getShort());
        int len = in.getInt();
        if (op == null || len < 0 || len > in.remaining()) {
          throw new IllegalArgumentException("step " + n + " is malformed");
        }
        ByteBuffer p = in.slice().order(ByteOrder.LITTLE_ENDIAN).limit(len);
        in.position(in.position() + len);
        String sig = op.signature();
        Object[] args = new Object[sig.length()];
        for (int i = 0; i < sig.length(); i++) {
          switch (sig.charAt(i)) {
            case 'u': args[i] = p.getInt(); break;
            case 'q': args[i] = p.getLong(); break;
            case 's': {
              byte[] b = str(p);
              args[i] = b == null ? null : new String(b, StandardCharsets.UTF_8);
              break;
            }
            case 'b': args[i] = nonNull(str(p)); break;
            case 'v': {
              List<String> l = new ArrayList<>();
              for (int k = p.getInt(); k > 0; k--) {
                l.add(new String(nonNull(str(p)), StandardCharsets.UTF_8));
              }
              args[i] = l;
              break;
            }
            case 'a': {
              int[] a = new int[p.getInt()];
              for (int k = 0; k < a.length; k++) {
                a[k] = p.getInt();
              }
              args[i] = a;
              break;
            }
            default: throw new AssertionError(sig);
          }
        }
        if (p.hasRemaining()) {
          throw new IllegalArgumentException("step " + n + " has trailing bytes");
        }
        steps.add(new Step(op, okErrno, args));
      }
      if (in.hasRemaining()) {
        throw new IllegalArgumentException("trailing bytes after the last step");
      }
      return new Plan(steps);
    } catch (java.nio.BufferUnderflowException | IndexOutOfBoundsException
        | NegativeArraySizeException e) {
      throw new IllegalArgumentException("plan is truncated", e);
    }
  }

  /** Pointer slots the helper needs for the largest vector-bearing step: each vector plus NULL. */
  static int vecSlots(Plan plan) {
    int max = 0;
    for (Step s : plan.steps()) {
      int n = 0;
      String sig = s.op().signature();
      for (int i = 0; i < sig.length(); i++) {
        if (sig.charAt(i) == 'v') {
          n += s.strings(i).size() + 1;
        }
      }
      max = Math.max(max, n);
    }
    return max;
  }

  private static byte[] str(ByteBuffer p) {
    int len = p.getInt();
    if (len == NULL_LEN) {
      return null;
    }
    if (len < 0 || len >= p.remaining()) {
      throw new IllegalArgumentException("string runs past its step");
    }
    byte[] b = new byte[len];
    p.get(b);
    if (p.get() != 0) {
      throw new IllegalArgumentException("string without its NUL");
    }
    return b;
  }

  private static byte[] nonNull(byte[] b) {
    if (b == null) {
      throw new IllegalArgumentException("NULL where a value is required");
    }
    return b;
  }

  /** A growable little-endian buffer (not ByteArrayOutputStream: its writes are synchronized). */
  private static final class Out {
    private byte[] buf = new byte[256];
    private int count;

    private void ensure(int more) {
      if (count + more > buf.length) {
        buf = Arrays.copyOf(buf, Math.max(buf.length * 2, count + more));
      }
    }

    void write(int b) {
      ensure(1);
      buf[count++] = (byte) b;
    }

    void writeBytes(byte[] b) {
      ensure(b.length);
      System.arraycopy(b, 0, buf, count, b.length);
      count += b.length;
    }

    void writeTo(Out other) {
      other.ensure(count);
      System.arraycopy(buf, 0, other.buf, other.count, count);
      other.count += count;
    }

    int size() {
      return count;
    }

    byte[] toByteArray() {
      return Arrays.copyOf(buf, count);
    }

    void u16(int v) {
      ensure(2);
      buf[count++] = (byte) v;
      buf[count++] = (byte) (v >>> 8);
    }

    void u32(int v) {
      u16(v);
      u16(v >>> 16);
    }

    void u64(long v) {
      u32((int) v);
      u32((int) (v >>> 32));
    }

    void str(byte[] b) {
      if (b == null) {
        u32(NULL_LEN);
        return;
      }
      u32(b.length);
      writeBytes(b);
      write(0);
    }
  }
}
