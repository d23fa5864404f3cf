package dev.tfvae.train.training;

import com.google.common.io.MoreFiles;
import com.google.common.io.RecursiveDeleteOption;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
 * Checkpoints of one run in one folder: {@code step-G/} holds the weights and optimizer state after G
 * steps ({@code ckpt.*}) and the {@link TrainingState} ({@code state.json}). Each is written into a
 * temporary sibling and renamed into place only when complete, so a crash or kill mid-save leaves the
 * previous checkpoints usable. The newest {@link #KEEP} are kept, plus one the caller protects (the best
 * epoch for early stopping).
 */
final class CheckpointStore {
  static final int KEEP = 3;
  private static final Pattern STEP = Pattern.compile("step-(\\d+)");
  private static final String PREFIX = "ckpt";
  private static final String STATE = "state.json";

  /**
   * A complete checkpoint.
   *
   * @param prefix the {@code Session.restore} prefix of its weights
   * @param state where the run stood
   */
  record Checkpoint(Path prefix, TrainingState state) {}

  private final Path dir;

  CheckpointStore(Path dir) {
    this.dir = dir;
  }

  Path dir() {
    return dir;
  }

  /**
   * Saves every variable of {@code session}'s graph with {@code state}.
   *
   * @param protect a checkpoint prefix that pruning must keep, or {@code null}
   * @return the new checkpoint's prefix
   */
  Path save(Session session, TrainingState state, Path protect) throws IOException {
    Files.createDirectories(dir);
    Path target = dir.resolve("step-" + state.globalStep());
    if (Files.exists(target)) {
      throw new IOException(target + " already exists; refusing to overwrite a checkpoint");
    }
    Path tmp = Files.createTempDirectory(dir, ".tmp-step-" + state.globalStep() + "-");
    try {
      try {
        session.save(tmp.resolve(PREFIX).toString());
      } catch (org.tensorflow.exceptions.TensorFlowException e) {
        throw new IOException("cannot write the checkpoint of step " + state.globalStep() + " to " + dir
            + ": " + e.getMessage(), e);
      }
      Files.writeString(tmp.resolve(STATE), state.toJson(), StandardCharsets.UTF_8);
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
    prune(protect == null ? null : protect.getParent());
    return target.resolve(PREFIX);
  }

  /** Whether the folder holds no complete checkpoint (reads no state). */
  boolean isEmpty() throws IOException {
    return steps().isEmpty();
  }

  /**
   * The newest complete checkpoint, if any.
   *
   * @throws IllegalArgumentException if its state was written in an earlier tf-vae's format
   */
  Optional<Checkpoint> latest() throws IOException {
    List<Long> steps = steps();
    if (steps.isEmpty()) {
      return Optional.empty();
    }
    Path folder = dir.resolve("step-" + steps.get(steps.size() - 1));
    Path stateFile = folder.resolve(STATE);
    TrainingState state =
        TrainingState.fromJson(Files.readString(stateFile, StandardCharsets.UTF_8), stateFile.toString());
    return Optional.of(new Checkpoint(folder.resolve(PREFIX), state));
  }

  /** The prefix of the checkpoint taken after {@code globalStep} steps. */
  Path prefixAt(long globalStep) {
    return dir.resolve("step-" + globalStep).resolve(PREFIX);
  }

  private List<Long> steps() throws IOException {
    List<Long> steps = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return steps;
    }
    try (Stream<Path> children = Files.list(dir)) {
      for (Path p : (Iterable<Path>) children::iterator) {
        Matcher m = STEP.matcher(p.getFileName().toString());
        if (m.matches() && Files.isDirectory(p)) {
          steps.add(Long.parseLong(m.group(1)));
        }
      }
    }
    steps.sort(null);
    return steps;
  }

  private void prune(Path protectedFolder) throws IOException {
    List<Long> steps = steps();
    for (int i = 0; i < steps.size() - KEEP; i++) {
      Path folder = dir.resolve("step-" + steps.get(i));
      if (!folder.equals(protectedFolder)) {
        MoreFiles.deleteRecursively(folder, RecursiveDeleteOption.ALLOW_INSECURE);
      }
    }
  }
}
