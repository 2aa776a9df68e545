package io.jrunc.internal.linux.helper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HelperTest {
  @TempDir Path tmp;

  /** A class loader that sees only {@code <tmp>/<RESOURCE_DIR>/<arch>/} with these contents. */
  private ClassLoader resources(byte[] image, String sha) throws Exception {
    Path dir = tmp.resolve(Helper.RESOURCE_DIR + Helper.arch());
    Files.createDirectories(dir);
    if (image != null) {
      Files.write(dir.resolve(Helper.NAME), image);
    }
    Files.writeString(dir.resolve(Helper.NAME + ".sha256"), sha + "  " + Helper.NAME + "\n");
    return new URLClassLoader(new URL[] {tmp.toUri().toURL()}, null);
  }

  private static byte[] realImage() throws IOException {
    return Helper.loadVerified(HelperTest.class.getClassLoader(), Helper.arch());
  }

  @Test
  void theBuiltHelperMatchesItsHash() throws Exception {
    byte[] image = realImage();
    assertThat(image.length).isBetween(1_000, 2_000_000);
    assertThat(image).startsWith(0x7f, 'E', 'L', 'F');
  }

  @Test
  void aTamperedHelperIsRefused() throws Exception {
    byte[] image = realImage();
    String sha = Helper.sha256(image);
    byte[] tampered = image.clone();
    tampered[tampered.length / 2] ^= 1;
    ClassLoader loader = resources(tampered, sha);
    assertThatThrownBy(() -> Helper.loadVerified(loader, Helper.arch()))
        .isInstanceOf(HelperException.class)
        .hasMessageContaining("does not match its SHA-256")
        .hasMessageContaining(sha)
        .hasMessageContaining(Helper.sha256(tampered));
  }

  @Test
  void theSameBytesUnderTheRightHashAreAccepted() throws Exception {
    byte[] image = realImage();
    assertThat(Helper.loadVerified(resources(image, Helper.sha256(image)), Helper.arch()))
        .isEqualTo(image);
  }

  @Test
  void aMissingHelperIsReported() throws Exception {
    ClassLoader loader = resources(null, "00");
    assertThatThrownBy(() -> Helper.loadVerified(loader, Helper.arch()))
        .hasMessageContaining("missing from the runtime jar");
  }

  @Test
  void theMemfdIsSealed() throws Exception {
    Helper helper = Helper.get();
    assertThat(helper.execPath()).matches("/proc/\\d+/fd/\\d+");
    Path path = Path.of(helper.execPath());
    assertThat(Files.readAllBytes(path)).hasSize(helper.size());
    assertThat(Helper.sha256(Files.readAllBytes(path))).isEqualTo(helper.sha256());
    assertThatThrownBy(() -> Files.write(path, new byte[] {1}, StandardOpenOption.WRITE))
        .isInstanceOf(IOException.class); // F_SEAL_WRITE: not even opening for writing works
    assertThatThrownBy(() -> Files.write(path, new byte[0], StandardOpenOption.TRUNCATE_EXISTING))
        .isInstanceOf(IOException.class);
    assertThat(Helper.get()).isSameAs(helper);
  }
}
