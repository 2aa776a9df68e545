package io.jrunc.rootfs;

import static org.assertj.core.api.Assertions.assertThat;

import io.jrunc.internal.linux.LinuxNativeFs;
import io.jrunc.internal.rootfs.Extraction;
import org.junit.jupiter.api.BeforeEach;

/** The hostile-archive suite of runtime-api again, with the Linux native file-system support. */
class NativeHostileArchiveTest extends HostileArchiveTest {

    @BeforeEach
    void nativeSupportIsInUse() {
        assertThat(Extraction.nativeFs()).isInstanceOf(LinuxNativeFs.class);
    }
}
