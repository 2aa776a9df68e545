package io.jrunc.internal.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jrunc.internal.rootfs.Extraction;
import io.jrunc.internal.rootfs.NativeFs;
import io.jrunc.testing.Requirements;
import io.jrunc.testing.TreeSnapshot;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LinuxNativeFsTest {
    private final LinuxNativeFs fs = new LinuxNativeFs();

    @TempDir
    Path tmp;

    @Test
    void isTheProviderTheExtractorFinds() {
        assertThat(fs.isAvailable()).isTrue();
        assertThat(Extraction.nativeFs()).isInstanceOf(LinuxNativeFs.class);
    }

    @Test
    void makesFifos() throws IOException {
        Path fifo = tmp.resolve("fifo");
        fs.mkfifo(fifo, 0640);
        assertThat(TreeSnapshot.info(fifo).type()).isEqualTo('p');
        assertThatThrownBy(() -> fs.mkfifo(fifo, 0640)).isInstanceOf(FileAlreadyExistsException.class)
                .hasMessageContaining("File exists");
    }

    @Test
    void makesDeviceNodesWhenPrivileged() throws IOException {
        Requirements.requireRoot("mknod of device nodes (CAP_MKNOD)");
        Requirements.require(fs.canMknod(), "CAP_MKNOD");
        Path dev = tmp.resolve("null");
        fs.mknod(dev, NativeFs.S_IFCHR, 0666, 1, 3);
        fs.chmod(dev, 0666);
        TreeSnapshot.Info info = TreeSnapshot.info(dev);
        assertThat(info.type()).isEqualTo('c');
        assertThat(info.rdev()).isEqualTo(LinuxNativeFs.makedev(1, 3));
        assertThat(info.mode()).isEqualTo(0666);
    }

    @Test
    void makedevMatchesGlibc() {
        assertThat(LinuxNativeFs.makedev(1, 3)).isEqualTo(0x103);
        assertThat(LinuxNativeFs.makedev(259, 65536)).isEqualTo(0x1001_0300L);
        assertThat(LinuxNativeFs.makedev(4096, 0)).isEqualTo(0x1000_0000_0000L);
    }

    @Test
    void symlinksKeepTheirExactText() throws IOException {
        fs.symlink("a//b/", tmp.resolve("l"));
        assertThat(Files.readSymbolicLink(tmp.resolve("l")).toString()).isEqualTo("a//b/");
    }

    @Test
    void timesAndOwnersOfSymlinksNeverReachTheirTarget() throws IOException {
        Path file = Files.writeString(tmp.resolve("f"), "x");
        FileTime old = FileTime.from(Instant.parse("2000-01-01T00:00:00Z"));
        Files.setLastModifiedTime(file, old);
        Path link = tmp.resolve("l");
        fs.symlink("f", link);
        FileTime t = FileTime.from(Instant.parse("2010-01-01T00:00:00.25Z"));
        fs.setMtime(link, t, true);
        int uid = (Integer) Files.getAttribute(file, "unix:uid");
        fs.lchown(link, uid, (Integer) Files.getAttribute(file, "unix:gid"));
        assertThat(Files.getLastModifiedTime(link, LinkOption.NOFOLLOW_LINKS)).isEqualTo(t);
        assertThat(Files.getLastModifiedTime(file)).isEqualTo(old);
    }

    @Test
    void setsExtendedAttributes() throws IOException {
        Path file = Files.writeString(tmp.resolve("f"), "x");
        fs.setXattr(file, "user.test", new byte[] {0, 1, (byte) 0xff}, false);
        UserDefinedFileAttributeView view = Files.getFileAttributeView(file, UserDefinedFileAttributeView.class);
        ByteBuffer b = ByteBuffer.allocate(3);
        view.read("test", b);
        assertThat(b.array()).containsExactly(0, 1, 0xff);
    }

    @Test
    void errorsCarryTheSystemReason() {
        assertThatThrownBy(() -> fs.chmod(tmp.resolve("missing"), 0644)).isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining("No such file or directory");
        assertThat("x".getBytes(StandardCharsets.UTF_8)).hasSize(1);
    }
}
