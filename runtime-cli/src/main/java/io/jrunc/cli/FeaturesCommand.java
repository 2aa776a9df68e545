package io.jrunc.cli;

import io.jrunc.internal.linux.compile.MountOptions;
import io.jrunc.internal.spec.KnownNames;
import io.jrunc.spec.Features;
import io.jrunc.spec.Spec;
import io.jrunc.spec.SpecJson;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code jrunc features}: what this runtime implements, as the OCI features document
 * (runtime-spec features.md), which engines read to decide what they may ask for.
 */
@Command(name = "features", description = "show the enabled features")
final class FeaturesCommand implements Callable<Integer> {
  @picocli.CommandLine.Spec CommandSpec command;

  @Override
  public Integer call() {
    command.commandLine().getOut().println(SpecJson.toJson(features(), "    "));
    command.commandLine().getOut().flush();
    return 0;
  }

  /** The features document. */
  static Features features() {
    return Features.builder()
        .ociVersionMin("1.0.0")
        .ociVersionMax(Spec.VERSION)
        .hooks(KnownNames.HOOKS)
        .mountOptions(MountOptions.supported())
        .linux(Features.Linux.builder()
            .namespaces(KnownNames.NAMESPACES)
            .capabilities(KnownNames.CAPABILITIES)
            .cgroup(Features.Linux.Cgroup.builder().v1(true).v2(true).systemd(false).systemdUser(false).build())
            .seccomp(Features.Linux.Seccomp.builder().enabled(true).build())
            .apparmor(Features.Linux.Apparmor.builder().enabled(false).build())
            .selinux(Features.Linux.Selinux.builder().enabled(false).build())
            .build())
        .build();
  }
}
