package io.jrunc.internal.linux.helper;

import com.sun.jna.LastErrorException;
import io.jrunc.internal.linux.Errno;
import io.jrunc.internal.linux.LibC;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The helper executable of this JVM: read from this jar for the running architecture, checked
 * against the SHA-256 the build wrote beside it, and copied once into a sealed memfd, so that no
 * one (a container process included; the CVE-2019-5736 class) can change what later runs as the
 * helper. It is executed by its {@link #execPath() /proc path}.
 */
public final class Helper {
  /** Where the build puts {@code <arch>/jrunc-helper} and {@code <arch>/jrunc-helper.sha256}. */
  public static final String RESOURCE_DIR = "io/jrunc/internal/linux/helper/";
  public static final String NAME = "jrunc-helper";

  private static Helper instance;

  private final int fd;
  private final String execPath;
  private final String sha256;
  private final int size;

  private Helper(int fd, String execPath, String sha256, int size) {
    this.fd = fd;
    this.execPath = execPath;
    this.sha256 = sha256;
    this.size = size;
  }

  /** The helper of this JVM, loaded and sealed at first use. */
  public static synchronized Helper get() throws HelperException {
    if (instance == null) {
      String arch = arch();
      byte[] image = loadVerified(Helper.class.getClassLoader(), arch);
      instance = seal(image, sha256(image));
    }
    return instance;
  }

  /** The memfd holding the helper (close-on-exec; never closed). */
  public int fd() {
    return fd;
  }

  /** The path to execute: {@code /proc/<this JVM's pid>/fd/<fd>}, valid from any process. */
  public String execPath() {
    return execPath;
  }

  public String sha256() {
    return sha256;
  }

  /** Bytes. */
  public int size() {
    return size;
  }

  /** The helper's architecture directory for this JVM: {@code x86_64} or {@code aarch64}. */
  public static String arch() throws HelperException {
    String a = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
    switch (a) {
      case "amd64":
      case "x86_64":
        return "x86_64";
      case "aarch64":
      case "arm64":
        return "aarch64";
      default:
        throw new HelperException("jrunc has no helper for architecture " + a);
    }
  }

  /**
   * Reads {@code <arch>/jrunc-helper} and its {@code .sha256} through {@code loader} and returns
   * the bytes if they hash to what the build wrote; throws otherwise.
   */
  static byte[] loadVerified(ClassLoader loader, String arch) throws HelperException {
    String base = RESOURCE_DIR + arch + "/" + NAME;
    byte[] image = resource(loader, base);
    String expected = new String(resource(loader, base + ".sha256"), StandardCharsets.US_ASCII)
        .trim().split("\\s+")[0].toLowerCase(Locale.ROOT);
    String actual = sha256(image);
    if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
        actual.getBytes(StandardCharsets.US_ASCII))) {
      throw new HelperException("the jrunc helper for " + arch + " does not match its SHA-256 ("
          + "expected " + expected + ", found " + actual + "): the runtime jar is damaged or was "
          + "tampered with; refusing to run it");
    }
    return image;
  }

  private static byte[] resource(ClassLoader loader, String name) throws HelperException {
    try (InputStream in = loader.getResourceAsStream(name)) {
      if (in == null) {
        throw new HelperException("the jrunc helper is missing from the runtime jar: " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new HelperException("cannot read " + name + ": " + e.getMessage(), e);
    }
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Copies {@code image} into a new memfd, seals it against any change, and checks it. */
  static Helper seal(byte[] image, String sha256) throws HelperException {
    int fd = -1;
    try {
      try {
        fd = LibC.memfdCreate(NAME, LibC.MFD_CLOEXEC | LibC.MFD_ALLOW_SEALING | LibC.MFD_EXEC);
      } catch (LastErrorException e) {
        if (e.getErrorCode() != Errno.EINVAL) {
          throw e;
        }
        // Before Linux 6.3 there is no MFD_EXEC (memfds are executable by default).
        fd = LibC.memfdCreate(NAME, LibC.MFD_CLOEXEC | LibC.MFD_ALLOW_SEALING);
      }
      LibC.writeFully(fd, image, 0, image.length);
      int seals = LibC.F_SEAL_SHRINK | LibC.F_SEAL_GROW | LibC.F_SEAL_WRITE | LibC.F_SEAL_SEAL;
      try {
        LibC.fcntl(fd, LibC.F_ADD_SEALS, seals | LibC.F_SEAL_EXEC);
      } catch (LastErrorException e) {
        if (e.getErrorCode() != Errno.EINVAL) {
          throw e;
        }
        LibC.fcntl(fd, LibC.F_ADD_SEALS, seals); // before Linux 6.3: no F_SEAL_EXEC
      }
      if ((LibC.fcntl(fd, LibC.F_GET_SEALS, 0) & seals) != seals) {
        throw new HelperException("the helper's memfd did not keep its seals");
      }
      String pid = Files.readSymbolicLink(Path.of("/proc/self")).toString();
      String path = "/proc/" + pid + "/fd/" + fd;
      if (!sha256(Files.readAllBytes(Path.of(path))).equals(sha256)) {
        throw new HelperException("the helper's memfd does not hold what was written to it");
      }
      return new Helper(fd, path, sha256, image.length);
    } catch (LastErrorException e) {
      LibC.closeQuietly(fd);
      throw new HelperException("cannot put the helper into a sealed memfd: "
          + Errno.message(e.getErrorCode()), e);
    } catch (IOException e) {
      LibC.closeQuietly(fd);
      throw e instanceof HelperException ? (HelperException) e
          : new HelperException("cannot put the helper into a sealed memfd: " + e.getMessage(), e);
    }
  }
}
