package dev.tfvae.train.io;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The output folders a command creates, so that a command that fails before writing into them leaves
 * nothing behind: {@link #removeEmpty()} deletes each folder this object created (its missing parents
 * included) that is still empty, deepest first. Folders that existed before are never touched.
 */
public final class NewFolders {
  private final List<Path> created = new ArrayList<>();

  /** Creates {@code dir} and its missing parents, remembering which of them it created. */
  public Path create(Path dir) throws IOException {
    Deque<Path> missing = new ArrayDeque<>();
    for (Path p = dir.toAbsolutePath().normalize(); p != null && !Files.exists(p); p = p.getParent()) {
      missing.push(p);
    }
    Files.createDirectories(dir);
    created.addAll(missing);
    return dir;
  }

  /** Deletes every folder {@link #create} made that is still empty, deepest first. */
  public void removeEmpty() {
    for (int i = created.size() - 1; i >= 0; i--) {
      Path dir = created.get(i);
      try (DirectoryStream<Path> children = Files.newDirectoryStream(dir)) {
        if (!children.iterator().hasNext()) {
          children.close();
          Files.delete(dir);
        }
      } catch (IOException e) {
        // Not empty, gone already, or not ours to remove: leave it.
      }
    }
  }
}
