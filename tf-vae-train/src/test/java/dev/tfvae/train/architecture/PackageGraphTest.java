package dev.tfvae.train.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tfvae.infer.ShippedModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The module graph is one-way (core ← infer ← serve, infer ← spark, train above them) and no package
 * depends on itself through others, read from the main sources' imports and qualified names.
 */
class PackageGraphTest {
  private static final Pattern PACKAGE = Pattern.compile("^package (dev\\.tfvae[\\w.]*);", Pattern.MULTILINE);
  private static final Pattern REFERENCE = Pattern.compile("\\b(dev\\.tfvae(?:\\.[a-z]\\w*)+)\\.[A-Z]");

  /** Which modules' packages each module may use. */
  private static final Map<String, Set<String>> ALLOWED =
      Map.of(
          "tf-vae-core", Set.of("tf-vae-core"),
          "tf-vae-infer", Set.of("tf-vae-core", "tf-vae-infer"),
          "tf-vae-serve", Set.of("tf-vae-core", "tf-vae-infer", "tf-vae-serve"),
          "tf-vae-spark", Set.of("tf-vae-core", "tf-vae-infer", "tf-vae-spark"),
          "tf-vae-train",
          Set.of("tf-vae-core", "tf-vae-infer", "tf-vae-serve", "tf-vae-spark", "tf-vae-train"));

  private record Source(String module, String pkg, Set<String> uses) {}

  private static List<Source> sources() throws IOException {
    Path root = ShippedModels.root().getParent();
    List<Source> out = new ArrayList<>();
    try (Stream<Path> modules = Files.list(root)) {
      for (Path module : modules.filter(p -> p.getFileName().toString().startsWith("tf-vae-")).toList()) {
        Path main = module.resolve("src/main/java");
        if (!Files.isDirectory(main)) {
          continue;
        }
        try (Stream<Path> files = Files.walk(main)) {
          for (Path file : files.filter(p -> p.toString().endsWith(".java")).toList()) {
            String text = Files.readString(file);
            Matcher p = PACKAGE.matcher(text);
            if (!p.find()) {
              continue;
            }
            Set<String> uses = new TreeSet<>();
            Matcher r = REFERENCE.matcher(text);
            while (r.find()) {
              uses.add(r.group(1));
            }
            uses.remove(p.group(1));
            out.add(new Source(module.getFileName().toString(), p.group(1), uses));
          }
        }
      }
    }
    return out;
  }

  @Test
  void modulesDependOneWayAndPackagesHaveNoCycles() throws IOException {
    List<Source> sources = sources();
    Map<String, String> moduleOf = new TreeMap<>();
    Map<String, Set<String>> graph = new TreeMap<>();
    for (Source s : sources) {
      moduleOf.put(s.pkg(), s.module());
      graph.computeIfAbsent(s.pkg(), k -> new TreeSet<>()).addAll(s.uses());
    }
    assertTrue(graph.size() >= 12, "too few packages found: " + graph.keySet());
    List<String> wrongWay = new ArrayList<>();
    graph.forEach((pkg, uses) -> uses.stream()
        .filter(moduleOf::containsKey)
        .filter(used -> !ALLOWED.get(moduleOf.get(pkg)).contains(moduleOf.get(used)))
        .forEach(used -> wrongWay.add(pkg + " (" + moduleOf.get(pkg) + ") uses " + used + " (" + moduleOf.get(used) + ")")));
    assertEquals(List.of(), wrongWay);
    List<String> cycles = new ArrayList<>();
    for (String pkg : graph.keySet()) {
      for (String used : graph.get(pkg)) {
        if (graph.containsKey(used) && reaches(graph, used, pkg, new HashSet<>())) {
          cycles.add(pkg + " -> " + used + " -> … -> " + pkg);
        }
      }
    }
    assertEquals(List.of(), cycles);
  }

  private static boolean reaches(Map<String, Set<String>> graph, String from, String to, Set<String> seen) {
    if (from.equals(to)) {
      return true;
    }
    if (!seen.add(from)) {
      return false;
    }
    for (String next : graph.getOrDefault(from, Set.of())) {
      if (reaches(graph, next, to, seen)) {
        return true;
      }
    }
    return false;
  }
}
