package io.jrunc.cli;

import io.jrunc.rootfs.ExtractionListener;
import io.jrunc.rootfs.ExtractionResult;
import io.jrunc.rootfs.RootfsExtractor;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code jrunc extract ARCHIVE DIR}: makes a root filesystem from an exported image
 * ({@code docker export}, plain or compressed), safely and all-or-nothing. A jrunc command that
 * runc does not have.
 */
@Command(name = "extract", description = "extract a container image tarball (docker export) into a directory")
final class ExtractCommand implements Callable<Integer> {

  @Spec CommandSpec command;

  @Parameters(index = "0", paramLabel = "ARCHIVE", description = "tar archive: plain, gzip, bzip2, xz or zstd")
  Path archive;

  @Parameters(index = "1", paramLabel = "DIR", description = "target directory, created when missing")
  Path target;

  @Option(names = "--overwrite", description = "extract over an existing non-empty directory")
  boolean overwrite;

  @Option(names = "--ownership", paramLabel = "MODE",
      description = "AUTO (default), PRESERVE or RECORD: keep the archive's owners, or record them")
  RootfsExtractor.OwnershipMode ownership = RootfsExtractor.OwnershipMode.AUTO;

  @Option(names = {"-v", "--verbose"}, description = "report progress and skipped entries")
  boolean verbose;

  @Override
  public Integer call() throws Exception {
    if (!overwrite && isNonEmptyDirectory(target)) {
      // the library refuses it too; this also says how to do it with this command
      throw new CliException(target + ": exists and is not empty (use --overwrite to extract over it)");
    }
    PrintWriter err = command.commandLine().getErr();
    ExtractionListener progress = verbose ? new Progress(err) : null;
    RootfsExtractor.Builder b = RootfsExtractor.builder().overwrite(overwrite).ownership(ownership);
    if (progress != null) {
      b.listener(progress);
    }
    ExtractionResult result = b.build().extract(archive, target);
    for (ExtractionResult.Skipped s : result.skipped()) {
      err.println("jrunc: extract: skipped " + s.entry() + ": " + s.reason());
    }
    if (!result.ownership().isEmpty()) {
      err.println("jrunc: extract: owners of " + result.ownership().size()
          + " entries were recorded, not applied ("
          + (ownership == RootfsExtractor.OwnershipMode.RECORD ? "--ownership RECORD" : "not privileged") + ")");
    }
    if (verbose) {
      err.printf("jrunc: extract: %d entries, %d bytes (%s) into %s%n", result.entries(),
          result.bytes(), result.compression(), result.target());
    }
    return 0;
  }

  private static boolean isNonEmptyDirectory(Path dir) {
    if (!Files.isDirectory(dir)) {
      return false;
    }
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      return entries.iterator().hasNext();
    } catch (IOException e) {
      return false; // the extraction reports it
    }
  }

  /** Prints a progress line at most every 1,000 entries. */
  private static final class Progress implements ExtractionListener {
    private final PrintWriter err;

    Progress(PrintWriter err) {
      this.err = err;
    }

    @Override
    public void entryDone(String entry, long entries, long bytesRead, long totalBytes) {
      if (entries % 1000 == 0) {
        err.printf("jrunc: extract: %d entries, %d of %s bytes%n", entries, bytesRead,
            totalBytes < 0 ? "?" : Long.toString(totalBytes));
      }
    }
  }
}
