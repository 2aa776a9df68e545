package io.jrunc.internal.linux.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jrunc.ContainerException;
import io.jrunc.internal.spec.SpecDefaults;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where state goes, and that a user's own state root is theirs alone. */
class StateStoreTest {
  @TempDir Path tmp;
  final long me = SpecDefaults.effectiveIds()[0];

  @Test
  void defaultRoots() {
    assertThat(StateStore.defaultRoot(0, Map.of("XDG_RUNTIME_DIR", "/run/user/0")))
        .isEqualTo(Path.of("/run/jrunc"));
    assertThat(StateStore.defaultRoot(1000, Map.of("XDG_RUNTIME_DIR", "/run/user/1000")))
        .isEqualTo(Path.of("/run/user/1000/jrunc"));
    assertThat(StateStore.defaultRoot(1000, Map.of("XDG_RUNTIME_DIR", "relative")))
        .isEqualTo(Path.of(System.getProperty("java.io.tmpdir"), "jrunc-1000"));
    assertThat(StateStore.defaultRoot(1000, Map.of()))
        .isEqualTo(Path.of(System.getProperty("java.io.tmpdir"), "jrunc-1000"));
  }

  @Test
  void aUsersRootIsMadePrivate() throws IOException {
    Path root = tmp.resolve("jrunc-" + me);
    Path dir = new StateStore(root, me).create("c1");
    assertThat(dir).isDirectory();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(root)))
        .isEqualTo("rwx------");
  }

  @Test
  void aRootOfSomeoneElseOrWritableByOthersIsRefused() throws IOException {
    Path root = Files.createDirectory(tmp.resolve("theirs"));
    assertThatThrownBy(() -> new StateStore(root, me + 1).create("c1"))
        .isInstanceOf(ContainerException.class)
        .hasMessage("state root " + root + " is owned by uid " + me + ", not by this user (uid "
            + (me + 1) + "): not used; remove it, or set XDG_RUNTIME_DIR to a directory of your"
            + " own (or --root)");
    Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxrwxrwx"));
    assertThatThrownBy(() -> new StateStore(root, me).create("c1"))
        .hasMessageContaining("may be written by others (mode 777)");
    Path link = Files.createSymbolicLink(tmp.resolve("link"), root);
    assertThatThrownBy(() -> new StateStore(link, me).create("c1"))
        .hasMessageContaining("is not a directory");
    assertThat(root).isEmptyDirectory();
  }
}
