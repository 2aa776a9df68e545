package io.jrunc.internal.linux.tty;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connects a container's terminal to streams of this JVM: what is typed goes to the container,
 * what the container writes comes out. Two small daemon threads copy, one each way: the copies
 * block (on this JVM's stdin, which is no pollable fd of ours; on a slow reader of the output),
 * and the runtime's event loop ({@link io.jrunc.internal.linux.event.ExitWatcher}) must never
 * block, so they are not done there. For an interactive {@code jrunc run}, {@link #attachHost}
 * also puts this JVM's terminal in raw mode and makes the container's terminal follow its size.
 */
public final class TerminalAttachment implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TerminalAttachment.class);
  private static final int CHUNK = 8192;

  private final CountDownLatch outputDone = new CountDownLatch(1);
  private final RawMode raw; // null unless attachHost made one
  private Runnable unfollow = () -> { };
  private volatile IOException outputFailure;

  private TerminalAttachment(RawMode raw) {
    this.raw = raw;
  }

  /**
   * Starts copying {@code in} to the container's terminal and the terminal's output to
   * {@code out} (flushed as it comes). The input copy stops at the end of {@code in} (the
   * container's terminal stays open: send {@code 0x04} for an end of input there); the output
   * copy when the container's side of the terminal is all closed.
   */
  public static TerminalAttachment start(PtyMaster master, InputStream in, OutputStream out)
      throws IOException {
    return start(master, in, out, null);
  }

  private static TerminalAttachment start(PtyMaster master, InputStream in, OutputStream out,
      RawMode raw) throws IOException {
    TerminalAttachment a = new TerminalAttachment(raw);
    InputStream fromContainer = master.input();
    OutputStream toContainer = master.output();
    Thread input = new Thread(() -> {
      byte[] buf = new byte[CHUNK];
      try {
        int n;
        while ((n = in.read(buf)) >= 0) {
          toContainer.write(buf, 0, n);
        }
      } catch (IOException e) {
        LOG.debug("terminal input copy ended: {}", e.toString());
      }
    }, "jrunc-tty-in");
    Thread output = new Thread(() -> {
      byte[] buf = new byte[CHUNK];
      try {
        int n;
        while ((n = fromContainer.read(buf)) >= 0) {
          out.write(buf, 0, n);
          out.flush();
        }
      } catch (IOException e) {
        a.outputFailure = e;
      } finally {
        a.outputDone.countDown();
      }
    }, "jrunc-tty-out");
    input.setDaemon(true);
    output.setDaemon(true);
    output.start();
    input.start();
    return a;
  }

  /**
   * Attaches this JVM's own stdin and stdout: if stdin is a terminal, it goes into raw mode
   * (restored by {@link #close()}), the container's terminal takes its size, and follows it on
   * SIGWINCH.
   */
  public static TerminalAttachment attachHost(PtyMaster master) throws IOException {
    Optional<RawMode> raw = RawMode.enterIfTerminal(0);
    try {
      TerminalAttachment a = start(master, new FileInputStream(FileDescriptor.in),
          new FileOutputStream(FileDescriptor.out), raw.orElse(null));
      if (raw.isPresent()) {
        Optional<ConsoleSize> size = RawMode.size(0);
        if (size.isPresent()) {
          master.resize(size.get());
        }
        a.unfollow = followWindowSize(master);
      }
      return a;
    } catch (IOException | RuntimeException e) {
      if (raw.isPresent()) {
        raw.get().close();
      }
      throw e;
    }
  }

  /** Waits until the container's output has ended and has all been written; false on timeout. */
  public boolean awaitOutput(long timeout, TimeUnit unit) throws InterruptedException, IOException {
    if (!outputDone.await(timeout, unit)) {
      return false;
    }
    if (outputFailure != null) {
      throw outputFailure;
    }
    return true;
  }

  /** Restores this JVM's terminal (after {@link #attachHost}) and stops following its size. */
  @Override
  public void close() throws IOException {
    unfollow.run();
    if (raw != null) {
      raw.close();
    }
  }

  /**
   * On SIGWINCH, gives the container's terminal the size of this JVM's. Through sun.misc.Signal
   * (jdk.unsupported), by reflection so that a JVM without it only loses the following; returns
   * what undoes it.
   */
  private static Runnable followWindowSize(PtyMaster master) {
    try {
      Class<?> signal = Class.forName("sun.misc.Signal");
      Class<?> handlerType = Class.forName("sun.misc.SignalHandler");
      Method handle = signal.getMethod("handle", signal, handlerType);
      Object winch = signal.getConstructor(String.class).newInstance("WINCH");
      Object handler = Proxy.newProxyInstance(TerminalAttachment.class.getClassLoader(),
          new Class<?>[] {handlerType}, (proxy, method, args) -> {
            if (method.getName().equals("handle")) {
              RawMode.size(0).ifPresent(s -> {
                try {
                  master.resize(s);
                } catch (IOException e) {
                  LOG.debug("resizing the container's terminal: {}", e.toString());
                }
              });
              return null;
            }
            return method.getName().equals("toString") ? "jrunc SIGWINCH handler"
                : method.getName().equals("hashCode") ? System.identityHashCode(proxy)
                : (Object) (proxy == args[0]);
          });
      Object previous = handle.invoke(null, winch, handler);
      return () -> {
        try {
          handle.invoke(null, winch, previous);
        } catch (ReflectiveOperationException e) {
          LOG.debug("restoring the SIGWINCH handler: {}", e.toString());
        }
      };
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      LOG.debug("not following the terminal's size: {}", e.toString());
      return () -> { };
    }
  }
}
