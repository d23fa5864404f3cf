package dev.tfvae.train.training;

import com.google.common.io.MoreFiles;
import com.google.common.io.RecursiveDeleteOption;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.tensorflow.Session;

/**
 * Epoch checkpoints in one folder: {@code epoch-N/ckpt.*}. Each is written into a temporary sibling and
 * renamed into place only when complete, so a crash mid-save leaves the previous checkpoints usable. The
 * newest {@link #KEEP} are kept.
 */
final class CheckpointStore {
  static final int KEEP = 3;
  private static final Pattern EPOCH = Pattern.compile("epoch-(\\d+)");
  private static final String PREFIX = "ckpt";

  private final Path dir;

  CheckpointStore(Path dir) {
    this.dir = dir;
  }

  /** Saves every variable of {@code session}'s graph as the checkpoint of {@code epoch}. */
  Path save(Session session, int epoch) throws IOException {
    Files.createDirectories(dir);
    Path tmp = Files.createTempDirectory(dir, ".tmp-epoch-" + epoch + "-");
    Path target = dir.resolve("epoch-" + epoch);
    try {
      session.save(tmp.resolve(PREFIX).toString());
      if (Files.exists(target)) {
        throw new IOException(target + " already exists; refusing to overwrite a checkpoint");
      }
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        throw new IOException("cannot rename " + tmp + " to " + target + " atomically", e);
      }
    } finally {
      if (Files.exists(tmp)) {
        MoreFiles.deleteRecursively(tmp, RecursiveDeleteOption.ALLOW_INSECURE);
      }
    }
    prune();
    return target.resolve(PREFIX);
  }

  /** Prefix of the newest complete checkpoint, if any. */
  Optional<Path> latest() throws IOException {
    List<Integer> epochs = epochs();
    return epochs.isEmpty()
        ? Optional.empty()
        : Optional.of(dir.resolve("epoch-" + epochs.get(epochs.size() - 1)).resolve(PREFIX));
  }

  private List<Integer> epochs() throws IOException {
    List<Integer> epochs = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return epochs;
    }
    try (Stream<Path> children = Files.list(dir)) {
      for (Path p : (Iterable<Path>) children::iterator) {
        Matcher m = EPOCH.matcher(p.getFileName().toString());
        if (m.matches() && Files.isDirectory(p)) {
          epochs.add(Integer.parseInt(m.group(1)));
        }
      }
    }
    epochs.sort(null);
    return epochs;
  }

  private void prune() throws IOException {
    List<Integer> epochs = epochs();
    for (int i = 0; i < epochs.size() - KEEP; i++) {
      MoreFiles.deleteRecursively(
          dir.resolve("epoch-" + epochs.get(i)), RecursiveDeleteOption.ALLOW_INSECURE);
    }
  }
}
