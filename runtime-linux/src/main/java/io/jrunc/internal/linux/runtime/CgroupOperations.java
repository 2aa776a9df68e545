package io.jrunc.internal.linux.runtime;

import io.jrunc.ContainerException;
import io.jrunc.ContainerStats;
import io.jrunc.internal.linux.cgroup.CgroupException;
import io.jrunc.internal.linux.cgroup.Cgroups;
import io.jrunc.spec.Linux;
import io.jrunc.spec.Spec;
import io.jrunc.spec.State;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a container does through its cgroups — kill every process, pause, resume, statistics,
 * update — for both kinds of container (under a shim: {@link LinuxContainer}; the CLI's, without
 * one: {@link DirectContainer}). Checks the container's status first and names the container
 * and the operation in every error.
 */
final class CgroupOperations {
  private static final Logger LOG = LoggerFactory.getLogger(CgroupOperations.class);

  private final String id;
  private final Cgroups cgroups; // null: the container runs without cgroups
  private final Object lock;
  private final Supplier<String> status;
  private final Path stateDir;

  /**
   * @param lock the container's lock, held while a status is checked and acted on
   * @param status the container's OCI status now
   * @param stateDir where the container's config.json is recorded
   */
  CgroupOperations(String id, Cgroups cgroups, Object lock, Supplier<String> status, Path stateDir) {
    this.id = id;
    this.cgroups = cgroups;
    this.lock = lock;
    this.status = status;
    this.stateDir = stateDir;
  }

  private Cgroups require(String what) {
    if (cgroups == null) {
      throw new ContainerException("cannot " + what + " container " + id + ": it has no cgroup "
          + "(it was created without cgroups)");
    }
    return cgroups;
  }

  void killAll(int signal) {
    Cgroups c = require("kill every process of");
    try {
      if (State.STOPPED.equals(status.get()) && c.pids().length == 0) {
        throw new ContainerException("cannot kill container " + id + ": it is not running");
      }
      c.signalAll(signal, LinuxContainer::signal);
    } catch (CgroupException e) {
      throw new ContainerException("kill --all " + id + ": " + e.getMessage(), e);
    }
  }

  void pause() {
    Cgroups c = require("pause");
    synchronized (lock) {
      String s = status.get();
      if (!State.RUNNING.equals(s) && !State.CREATED.equals(s)) {
        throw new ContainerException("cannot pause container " + id + ": it is " + s);
      }
      try {
        c.freeze();
      } catch (CgroupException e) {
        throw new ContainerException("pause " + id + ": " + e.getMessage(), e);
      }
    }
  }

  void resume() {
    Cgroups c = require("resume");
    synchronized (lock) {
      String s = status.get();
      if (!State.PAUSED.equals(s)) {
        throw new ContainerException("cannot resume container " + id + ": it is " + s + ", not paused");
      }
      try {
        c.thaw();
      } catch (CgroupException e) {
        throw new ContainerException("resume " + id + ": " + e.getMessage(), e);
      }
    }
  }

  ContainerStats stats() {
    return require("read the statistics of").stats();
  }

  /**
   * Applies {@code resources} and records them in the state directory's config.json.
   *
   * @return {@code current} with the new resources merged in (also when recording failed: they
   *     are in effect)
   */
  Spec update(Spec current, Linux.Resources resources) {
    Cgroups c = require("update");
    synchronized (lock) {
      if (State.STOPPED.equals(status.get())) {
        throw new ContainerException("cannot update container " + id + ": it is stopped");
      }
      try {
        c.apply(resources);
      } catch (CgroupException e) {
        throw new ContainerException("update " + id + ": " + e.getMessage(), e);
      }
      Spec updated = ResourceUpdates.record(current, resources);
      try {
        Path tmp = stateDir.resolve(StateStore.CONFIG + ".tmp");
        updated.write(tmp);
        Files.move(tmp, stateDir.resolve(StateStore.CONFIG), StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException e) {
        LOG.warn("container {}: the new resources are in effect but not recorded in {}: {}", id, stateDir, e.toString());
      }
      return updated;
    }
  }
}
