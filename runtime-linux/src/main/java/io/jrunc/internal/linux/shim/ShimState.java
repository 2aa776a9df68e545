package io.jrunc.internal.linux.shim;

import io.jrunc.internal.linux.ExitStatus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;

/**
 * The shim's files in a container's state directory.
 *
 * <ul>
 *   <li>{@value #SHIM_FILE}, written by the runtime once the container runs: {@code shim <pid>
 *       <starttime>}, {@code init <pid> <starttime>} and {@code detached <0|1>}, one a line (start
 *       times as /proc/PID/stat gives them, so that a recycled pid is not taken for the process).
 *   <li>{@value #EXIT_FILE}, written by the shim when the init has exited: its wait status in
 *       decimal and a newline, written to {@value #EXIT_TEMP} and renamed (never seen half done).
 * </ul>
 */
public record ShimState(long shimPid, long shimStartTime, long initPid, long initStartTime,
    boolean detached) {
  public static final String SHIM_FILE = "shim";
  public static final String SHIM_TEMP = "shim.tmp";
  public static final String EXIT_FILE = "exit";
  public static final String EXIT_TEMP = "exit.tmp";

  /** Writes {@value #SHIM_FILE} into {@code dir} (via a temporary file and a rename). */
  public void write(Path dir) throws IOException {
    String text = "shim " + shimPid + " " + shimStartTime + "\ninit " + initPid + " " + initStartTime
        + "\ndetached " + (detached ? 1 : 0) + "\n";
    Path tmp = dir.resolve(SHIM_TEMP);
    Files.writeString(tmp, text, StandardCharsets.US_ASCII);
    Files.move(tmp, dir.resolve(SHIM_FILE), StandardCopyOption.ATOMIC_MOVE,
        StandardCopyOption.REPLACE_EXISTING);
  }

  /** Reads {@value #SHIM_FILE} from {@code dir}. */
  public static ShimState read(Path dir) throws IOException {
    Map<String, String[]> lines = new HashMap<>();
    for (String line : Files.readAllLines(dir.resolve(SHIM_FILE), StandardCharsets.US_ASCII)) {
      String[] f = line.trim().split(" ");
      lines.put(f[0], f);
    }
    try {
      String[] shim = lines.get("shim");
      String[] init = lines.get("init");
      String[] detached = lines.get("detached");
      return new ShimState(Long.parseLong(shim[1]), Long.parseLong(shim[2]), Long.parseLong(init[1]),
          Long.parseLong(init[2]), detached != null && "1".equals(detached[1]));
    } catch (RuntimeException e) {
      throw new IOException("malformed " + dir.resolve(SHIM_FILE), e);
    }
  }

  /** The init's exit status from {@value #EXIT_FILE} in {@code dir}; null if there is none yet. */
  public static ExitStatus readExit(Path dir) throws IOException {
    String text;
    try {
      text = Files.readString(dir.resolve(EXIT_FILE), StandardCharsets.US_ASCII);
    } catch (NoSuchFileException e) {
      return null;
    }
    try {
      return ExitStatus.fromWaitStatus(Integer.parseInt(text.trim()));
    } catch (IllegalArgumentException e) {
      throw new IOException("malformed " + dir.resolve(EXIT_FILE) + ": " + text.trim(), e);
    }
  }
}
