package io.jrunc.cli;

import io.jrunc.spec.Spec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code jrunc spec}: writes the default config.json of a new bundle, the same document as
 * {@code runc spec}. Like runc, it refuses to replace an existing config.json unless told to with
 * {@code --force} (an option runc lacks).
 */
@Command(name = "spec", description = "create a new specification file (config.json)")
final class SpecCommand implements Callable<Integer> {

  @Option(names = {"-b", "--bundle"}, description = "path to the root of the bundle directory")
  Path bundle;

  @Option(names = "--rootless", description = "generate a configuration for a rootless container")
  boolean rootless;

  @Option(names = "--force", description = "replace an existing config.json")
  boolean force;

  @Override
  public Integer call() throws Exception {
    Path dir = bundle == null ? Path.of("") : bundle;
    if (!Files.isDirectory(dir)) {
      throw new CliException("spec: bundle " + dir.toAbsolutePath() + ": "
          + (Files.exists(dir) ? "Not a directory" : "No such file or directory"));
    }
    Path config = dir.resolve("config.json");
    if (!force && Files.exists(config, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      throw new CliException("File " + config + " exists. Remove it first (or use --force)");
    }
    Spec spec = rootless ? Spec.rootlessDefaults() : Spec.defaults();
    spec.write(config);
    return 0;
  }
}
