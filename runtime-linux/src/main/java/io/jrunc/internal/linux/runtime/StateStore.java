package io.jrunc.internal.linux.runtime;

import io.jrunc.ContainerException;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The state directory: one directory per container, {@code <root>/<id>/}, holding
 * {@code config.json}, {@code bundle} (the bundle path), {@code exec.fifo} while the container is
 * created and not started, the shim's {@code shim} and {@code exit} files, and with startContainer
 * hooks their stdin and stderr ({@code hook-stdin.json}, {@code hook-stderr.log}).
 *
 * <p>The root is {@code /run/jrunc} for root, else {@code $XDG_RUNTIME_DIR/jrunc}, else
 * {@code <java.io.tmpdir>/jrunc-<uid>}.
 */
public final class StateStore {

  /** runc's rule for container ids. */
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9_+\\-.]{1,1024}");

  static final String CONFIG = "config.json";
  static final String BUNDLE = "bundle";
  static final String FIFO = "exec.fifo";
  /** The startContainer hooks' stdin (the state, written once the init's pid is known). */
  static final String HOOK_STDIN = "hook-stdin.json";
  /** The startContainer hooks' stderr (kept for the message of one that fails). */
  static final String HOOK_STDERR = "hook-stderr.log";

  private final Path root;

  /**
   * A store at {@code root}.
   *
   * @param root the state root directory, created when needed
   */
  public StateStore(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  /** The default root for this process's user, given its environment. */
  static Path defaultRoot(long euid, Map<String, String> env) {
    if (euid == 0) {
      return Path.of("/run/jrunc");
    }
    String xdg = env.get("XDG_RUNTIME_DIR");
    if (xdg != null && !xdg.isEmpty() && Path.of(xdg).isAbsolute()) {
      return Path.of(xdg, "jrunc");
    }
    return Path.of(System.getProperty("java.io.tmpdir"), "jrunc-" + euid);
  }

  /** The root directory. */
  public Path root() {
    return root;
  }

  /** Checks an id as runc does; the message names it. */
  static String checkId(String id) {
    if (!ID.matcher(id).matches() || id.equals(".") || id.equals("..")) {
      throw new ContainerException("invalid container id \"" + id
          + "\": use 1 to 1024 letters, digits, '_', '+', '-' and '.' (not \".\" or \"..\")");
    }
    return id;
  }

  /** The directory of a container, which may not exist. */
  Path dir(String id) {
    return root.resolve(checkId(id));
  }

  /** Creates the directory of a new container; fails if the id is taken. */
  Path create(String id) {
    Path dir = dir(id);
    FileAttribute<?> mode = PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx--x--x"));
    try {
      try {
        Files.createDirectory(dir, mode);
      } catch (NoSuchFileException e) { // the first container: make the root too
        Files.createDirectories(root, mode);
        Files.createDirectory(dir, mode);
      }
      return dir;
    } catch (FileAlreadyExistsException e) {
      throw new ContainerException("container with id \"" + id + "\" already exists (" + dir + ")");
    } catch (IOException e) {
      throw new ContainerException("state directory " + dir + ": " + e.getMessage(), e);
    }
  }

  /** The ids of the containers in the store. */
  List<String> ids() {
    List<String> ids = new ArrayList<>();
    if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
      return ids;
    }
    try (Stream<Path> s = Files.list(root)) {
      s.filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))
          .map(p -> p.getFileName().toString())
          .filter(n -> ID.matcher(n).matches())
          .sorted()
          .forEach(ids::add);
    } catch (IOException e) {
      throw new ContainerException("state root " + root + ": " + e.getMessage(), e);
    }
    return ids;
  }
}
