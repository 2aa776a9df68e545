package io.jrunc.internal.spec;

import static org.assertj.core.api.Assertions.assertThat;

import io.jrunc.spec.Linux;
import io.jrunc.spec.Spec;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The builder's rootless mode: what it makes of runc's default spec for a user. */
class RootlessModeTest {

    static Spec defaults() {
        return SpecDefaults.example(false);
    }

    static List<String> devptsOptions(Spec s) {
        return s.mounts().stream().filter(m -> m.destination().equals("/dev/pts")).findFirst()
                .orElseThrow().options();
    }

    @Test
    void oneOwnIdMapsRootAndLeavesOutUnmappedMountIds() {
        Spec s = RootlessMode.adapt(defaults(), new RootlessMode.Caller(1000, 100, null, null));
        assertThat(s.linux().namespaces()).extracting(Linux.Namespace::type)
                .containsExactly("pid", "network", "ipc", "uts", "mount", "user");
        assertThat(s.linux().uidMappings()).containsExactly(Linux.IdMapping.of(0, 1000, 1));
        assertThat(s.linux().gidMappings()).containsExactly(Linux.IdMapping.of(0, 100, 1));
        assertThat(devptsOptions(defaults())).contains("gid=5");
        assertThat(devptsOptions(s)).containsExactly("nosuid", "noexec", "newinstance",
                "ptmxmode=0666", "mode=0620");
        assertThat(s.validate()).isEmpty();
        assertThat(RootlessMode.lacksUserNamespace(defaults())).isTrue();
        assertThat(RootlessMode.lacksUserNamespace(s)).isFalse();
    }

    @Test
    void subordinateRangesMapTheOtherIdsAndKeepGid5() {
        Spec s = RootlessMode.adapt(defaults(), new RootlessMode.Caller(1000, 1000,
                Linux.IdMapping.of(0, 100000, 65536), Linux.IdMapping.of(0, 200000, 65536)));
        assertThat(s.linux().uidMappings()).containsExactly(Linux.IdMapping.of(0, 1000, 1),
                Linux.IdMapping.of(1, 100000, 65536));
        assertThat(s.linux().gidMappings()).containsExactly(Linux.IdMapping.of(0, 1000, 1),
                Linux.IdMapping.of(1, 200000, 65536));
        assertThat(devptsOptions(s)).contains("gid=5");
        assertThat(s.validate()).isEmpty();
        assertThat(new RootlessMode.Caller(1000, 1000, Linux.IdMapping.of(0, 100000, 65536),
                Linux.IdMapping.of(0, 200000, 65536)).describe())
                .isEqualTo("uid 1000, gid 1000, subordinate uids 100000+65536, gids 200000+65536");
    }

    @Test
    void theFirstRangeOfTheUserByNameOrId() {
        List<String> lines = List.of("bob:300000:65536", "# alice:1:1", "alice:bad:1",
                "1000:100000:65536", "alice:200000:10");
        assertThat(RootlessMode.firstRange(lines, "alice", 1000))
                .isEqualTo(Linux.IdMapping.of(0, 100000, 65536));
        assertThat(RootlessMode.firstRange(lines, "carol", 1002)).isNull();
    }
}
