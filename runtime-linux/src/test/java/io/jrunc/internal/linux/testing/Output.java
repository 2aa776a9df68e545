package io.jrunc.internal.linux.testing;

import io.jrunc.Container;
import io.jrunc.ContainerBuilder;
import io.jrunc.ExitStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/**
 * What a container printed and how it ended: {@link #of(ContainerBuilder)} starts it, reads
 * stdout and stderr at once (so neither pipe fills), waits for it and deletes it.
 */
public record Output(ExitStatus status, String out, String err) {

  /** Runs the container to its end. */
  public static Output of(ContainerBuilder builder) throws Exception {
    try (Container c = builder.start()) {
      CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> {
        try {
          return new String(c.process().getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
      String out = new String(c.process().getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      c.process().waitFor();
      return new Output(c.process().exitStatus(), out, err.get());
    }
  }

  /** The exit code, as {@link Process#waitFor()} gives it (128 + the signal for a signal). */
  public int code() {
    return status.exitValue();
  }
}
