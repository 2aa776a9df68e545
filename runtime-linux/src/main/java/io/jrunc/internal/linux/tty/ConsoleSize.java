package io.jrunc.internal.linux.tty;

/**
 * A terminal's size in characters ({@code process.consoleSize}: height is rows, width columns),
 * as struct winsize carries it (two unsigned shorts; the pixel sizes are left 0).
 */
public record ConsoleSize(int rows, int cols) {
  /** struct winsize: ws_row, ws_col, ws_xpixel, ws_ypixel (unsigned short each). */
  public static final int WINSIZE_SIZE = 8;

  public ConsoleSize {
    if (rows < 0 || rows > 0xffff || cols < 0 || cols > 0xffff) {
      throw new IllegalArgumentException("a console size is 0 to 65535 rows and columns: " + rows + "x" + cols);
    }
  }

  /** The spec's {@code consoleSize} ({@code height}, {@code width}). */
  public static ConsoleSize ofSpec(long height, long width) {
    return new ConsoleSize((int) Math.min(height, Integer.MAX_VALUE), (int) Math.min(width, Integer.MAX_VALUE));
  }

  /** As struct winsize, little-endian (the plan's byte order and the machines'). */
  public byte[] winsize() {
    return new byte[] {(byte) rows, (byte) (rows >>> 8), (byte) cols, (byte) (cols >>> 8), 0, 0, 0, 0};
  }

  /** From struct winsize. */
  public static ConsoleSize ofWinsize(byte[] ws) {
    return new ConsoleSize((ws[0] & 0xff) | (ws[1] & 0xff) << 8, (ws[2] & 0xff) | (ws[3] & 0xff) << 8);
  }

  @Override
  public String toString() {
    return rows + "x" + cols;
  }
}
