package io.jrunc.internal.rootfs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class EntryNamesTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "bin/sh|bin/sh",
        "./bin/sh|bin/sh",
        "/bin/sh|bin/sh",
        "//bin//sh/|bin/sh",
        "bin/./sh|bin/sh",
        "a/../b|b",
        "a/b/../../c|c",
        "./|''",
        "/|''",
        ".|''",
        "a/..|''",
        "...|...",
        "..a/b..|..a/b..",
    })
    void cleansLexically(String name, String expected) {
        assertThat(EntryNames.join(EntryNames.clean(name))).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"..", "../", "../x", "/../x", "a/../../x", "./../x", "a/b/../../../x", "../rootfs-evil"})
    void refusesNamesThatClimbAboveTheRoot(String name) {
        assertThat(EntryNames.clean(name)).isNull();
    }

    @Test
    void portableFileSystemSupportIsTheDefaultWithoutAProvider() {
        assertThat(Extraction.nativeFs()).isSameAs(NativeFs.portable());
        assertThat(NativeFs.portable().canCreateSpecialFiles()).isFalse();
    }
}
