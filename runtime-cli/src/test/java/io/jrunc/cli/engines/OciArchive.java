package io.jrunc.cli.engines;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Writes a one-layer OCI image layout as a tar archive ({@code ctr images import} reads it):
 * {@code oci-layout}, {@code index.json} (naming the image with containerd's
 * {@code io.containerd.image.name} annotation), and the blobs: the layer (a rootfs tar, as it is),
 * the image config and the manifest.
 */
final class OciArchive {
  private OciArchive() {
  }

  static Path write(Path rootfsTar, String name, Path out) throws IOException {
    byte[] layer = Files.readAllBytes(rootfsTar);
    String layerDigest = sha256(layer);
    byte[] config = ("{\"architecture\":\"" + arch() + "\",\"os\":\"linux\",\"config\":{\"Env\":"
        + "[\"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\"],\"Cmd\":[\"sh\"]},"
        + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"sha256:" + layerDigest + "\"]}}")
        .getBytes(StandardCharsets.UTF_8);
    byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
        + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"sha256:"
        + sha256(config) + "\",\"size\":" + config.length + "},\"layers\":[{\"mediaType\":"
        + "\"application/vnd.oci.image.layer.v1.tar\",\"digest\":\"sha256:" + layerDigest
        + "\",\"size\":" + layer.length + "}]}").getBytes(StandardCharsets.UTF_8);
    byte[] index = ("{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":"
        + "\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"sha256:" + sha256(manifest)
        + "\",\"size\":" + manifest.length + ",\"annotations\":{\"io.containerd.image.name\":\"" + name
        + "\",\"org.opencontainers.image.ref.name\":\"" + name.substring(name.lastIndexOf(':') + 1)
        + "\"}}]}").getBytes(StandardCharsets.UTF_8);
    try (OutputStream o = Files.newOutputStream(out)) {
      entry(o, "oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(StandardCharsets.UTF_8));
      entry(o, "index.json", index);
      entry(o, "blobs/sha256/" + layerDigest, layer);
      entry(o, "blobs/sha256/" + sha256(config), config);
      entry(o, "blobs/sha256/" + sha256(manifest), manifest);
      o.write(new byte[1024]); // two zero blocks end the archive
    }
    return out;
  }

  private static String arch() {
    String a = System.getProperty("os.arch");
    return a.equals("aarch64") ? "arm64" : a.equals("x86_64") || a.equals("amd64") ? "amd64" : a;
  }

  /** One regular file in ustar format (names here are short). */
  private static void entry(OutputStream o, String name, byte[] data) throws IOException {
    byte[] h = new byte[512];
    put(h, 0, name);
    put(h, 100, "0000644");
    put(h, 108, "0000000");
    put(h, 116, "0000000");
    put(h, 124, String.format("%011o", data.length));
    put(h, 136, String.format("%011o", 0));
    h[156] = '0';
    put(h, 257, "ustar");
    h[262] = 0;
    put(h, 263, "00");
    for (int i = 148; i < 156; i++) {
      h[i] = ' ';
    }
    long sum = 0;
    for (byte b : h) {
      sum += b & 0xff;
    }
    put(h, 148, String.format("%06o", sum));
    h[154] = 0;
    h[155] = ' ';
    o.write(h);
    o.write(data);
    int pad = (512 - data.length % 512) % 512;
    o.write(new byte[pad]);
  }

  private static void put(byte[] h, int at, String s) {
    byte[] b = s.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(b, 0, h, at, b.length);
  }

  private static String sha256(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
