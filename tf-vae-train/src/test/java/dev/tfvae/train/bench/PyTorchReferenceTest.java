package dev.tfvae.train.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tfvae.train.bench.AlternatingRounds.Measurement;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reference's child processes, with a fake Python: a shell script that prints recorded JSON for each
 * mode of vae_reference.py ({@code $2} is the mode, {@code $4} the torch threads).
 */
class PyTorchReferenceTest {
  static final String OPENBLAS = "/usr/lib/x86_64-linux-gnu/openblas-pthread/libblas.so.3";
  static final String REFERENCE_BLAS = "/usr/lib/x86_64-linux-gnu/blas/libblas.so.3";

  @TempDir Path dir;

  /** A fake Python whose probe reports {@code blas}, and whose other modes print recorded figures. */
  static Path fakePython(Path dir, String blas) throws IOException {
    String script = """
        #!/bin/sh
        threads=$4
        case "$2" in
          probe) echo '{"threads": 1, "torch": "1.13.1", "python": "3.11.2", "blas": "BLAS", "openblas_config": "OpenBLAS 0.3.21 Cooperlake"}' ;;
          train) if [ "$threads" = 1 ]; then
                   echo '{"epochs": [{"samples_per_s": 1000}, {"samples_per_s": 2000}, {"samples_per_s": 4000}]}'
                 else
                   echo '{"epochs": [{"samples_per_s": 500}, {"samples_per_s": 3000}, {"samples_per_s": 3000}]}'
                 fi ;;
          latency) echo "{\\"encode_latency_us_p50\\": $((40 + threads)), \\"encode_latency_us_p99\\": 90.5}" ;;
          reconstruct) echo '{"reconstruct_samples_per_s": 100000}' ;;
          sgemm) echo "{\\"sgemm_gflops\\": $((100 * threads))}" ;;
          *) echo "no mode $2" >&2; exit 2 ;;
        esac
        """.replace("BLAS", blas);
    return executable(dir.resolve("python-" + Math.abs(blas.hashCode())), script);
  }

  static Path executable(Path file, String text) throws IOException {
    Files.writeString(file, text);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    return file;
  }

  private PyTorchReference.Settings settings(Path python) throws IOException {
    Path script = Files.writeString(dir.resolve("vae_reference.py"), "# the fake Python never reads it\n");
    return new PyTorchReference.Settings(python, script, dir, List.of(1, 2), 3, 0, 1000, 1.0);
  }

  @Test
  void measuresEachThreadSettingFromTheReferenceJson() throws Exception {
    PyTorchReference reference = PyTorchReference.start(settings(fakePython(dir, OPENBLAS)), "AMD EPYC");
    assertEquals("1.13.1", reference.probe().torch());
    assertEquals(Map.of(), reference.probe().environment());
    // The epochs after the first, weighted by time: 2 / (1/2000 + 1/4000) and 2 / (1/3000 + 1/3000).
    assertEquals(List.of(new Measurement("train_samples_per_s", "threads=1", 2 / (1 / 2000.0 + 1 / 4000.0)),
        new Measurement("train_samples_per_s", "threads=2", 3000)), reference.measure("train", 1));
    assertEquals(List.of(new Measurement("encode_latency_us_p50", "threads=1", 41),
        new Measurement("encode_latency_us_p99", "threads=1", 90.5),
        new Measurement("encode_latency_us_p50", "threads=2", 42),
        new Measurement("encode_latency_us_p99", "threads=2", 90.5)), reference.measure("latency", 1));
    // The ceiling is measured once, at the largest thread setting.
    assertEquals(List.of(new Measurement("sgemm_gflops", "", 200)), reference.measure("sgemm", 1));
  }

  @Test
  void epochsOtherThanAskedForAreAnError() throws Exception {
    PyTorchReference.Settings three = settings(fakePython(dir, OPENBLAS));
    PyTorchReference.Settings two = new PyTorchReference.Settings(three.python(), three.script(), dir,
        List.of(1), 2, 0, 1000, 1.0);
    IOException e = assertThrows(IOException.class, () -> PyTorchReference.start(two, "AMD EPYC").measure("train", 1));
    assertTrue(e.getMessage().contains("expected 2"), e.getMessage());
  }

  @Test
  void refusesTheReferenceBlasSayingWhatToInstall() throws Exception {
    IOException e = assertThrows(IOException.class,
        () -> PyTorchReference.start(settings(fakePython(dir, REFERENCE_BLAS)), "AMD EPYC"));
    assertTrue(e.getMessage().contains(REFERENCE_BLAS + ", not OpenBLAS"), e.getMessage());
    assertTrue(e.getMessage().contains("apt-get install -y python3-torch libopenblas0-pthread"), e.getMessage());
  }

  @Test
  void aMissingPythonOrTorchSaysWhatToInstall() throws Exception {
    IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
        () -> PyTorchReference.start(settings(dir.resolve("no/python3")), "AMD EPYC"));
    assertTrue(missing.getMessage().contains(PyTorchReference.INSTALL), missing.getMessage());
    Path noTorch = executable(dir.resolve("python-without-torch"),
        "#!/bin/sh\necho 'PyTorch is not installed for /usr/bin/python3' >&2\nexit 3\n");
    IOException e = assertThrows(IOException.class, () -> PyTorchReference.start(settings(noTorch), "AMD EPYC"));
    assertTrue(e.getMessage().contains("PyTorch is not installed"), e.getMessage());
    assertTrue(e.getMessage().contains(PyTorchReference.INSTALL), e.getMessage());
  }

  @Test
  void setsTheOpenBlasCoreTypeOnXeonOnly() {
    assertEquals(Map.of("OPENBLAS_CORETYPE", "SkylakeX"),
        PyTorchReference.environment("Intel(R) Xeon(R) Platinum 8488C", Map.of()));
    assertEquals(Map.of(), PyTorchReference.environment("AMD EPYC", Map.of()));
    assertEquals(Map.of(), PyTorchReference.environment("Intel(R) Xeon(R) Platinum 8488C",
        Map.of("OPENBLAS_CORETYPE", "Haswell")), "the caller's own setting stays");
  }
}
