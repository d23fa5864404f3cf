package dev.tfvae.train.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs only in the build's {@code other-kernel-path} test execution, which repeats the reproducibility
 * and reference tests with {@code ONEDNN_MAX_CPU_ISA} set: it proves that the setting reached TensorFlow's
 * natives, by asking oneDNN ({@code ONEDNN_VERBOSE=1}) which instruction set its kernels were generated
 * for in a child JVM like the ones those tests start.
 */
@EnabledIfEnvironmentVariable(named = "ONEDNN_MAX_CPU_ISA", matches = ".+")
class KernelPathTest {
  private static final Pattern ISA = Pattern.compile("onednn_verbose[^\\n]*,isa:([^,\\n]*)");

  @Test
  void childJvmsRunOneDnnKernelsForTheRequestedInstructionSet(@TempDir Path dir) throws Exception {
    String requested = System.getenv("ONEDNN_MAX_CPU_ISA");
    Path log = dir.resolve("eval.log");
    Process eval =
        CliProcess.start(
            List.of("eval", "--model", "../savedmodels/fashion-mnist-vae", "--dataset", "shapes",
                "--limit", "64"),
            log, Map.of("ONEDNN_VERBOSE", "1"));
    assertTrue(eval.waitFor(2, TimeUnit.MINUTES), "eval did not finish");
    String output = Files.readString(log);
    assertEquals(0, eval.exitValue(), output);
    Matcher m = ISA.matcher(output);
    assertTrue(m.find(), "oneDNN printed no ISA line:\n" + output);
    // oneDNN names AVX2 "Intel AVX2" (on any vendor's CPU), AVX-512 "Intel AVX-512 …".
    String reported = m.group(1).toUpperCase(Locale.ROOT).replace("-", "").replace(" ", "");
    assertTrue(
        reported.contains(requested.toUpperCase(Locale.ROOT).replace("_", "")),
        "ONEDNN_MAX_CPU_ISA=" + requested + " but oneDNN reports isa:" + m.group(1));
  }
}
