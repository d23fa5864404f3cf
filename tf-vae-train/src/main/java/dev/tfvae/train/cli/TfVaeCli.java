package dev.tfvae.train.cli;

import dev.tfvae.train.data.InvalidDataException;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code tf-vae} command line. Exit codes: 0 success, 1 runtime failure, 2 bad usage or bad input.
 * Progress and logs go to stderr; with {@code --json} stdout holds exactly one JSON object.
 */
@Command(
    name = "tf-vae",
    mixinStandardHelpOptions = true,
    versionProvider = TfVaeCli.Version.class,
    description = "Train, evaluate and export variational autoencoders with TensorFlow Java.",
    subcommands = {
      TrainCommand.class, EvalCommand.class, CompareCommand.class, FactorsCommand.class,
      SweepCommand.class,
      PictureCommands.Generate.class, PictureCommands.Reconstruct.class,
      PictureCommands.Interpolate.class, PictureCommands.Attribute.class,
      PictureCommands.Traverse.class, PictureCommands.LatentMap.class,
      PictureCommands.LossCurves.class, PictureCommands.Restyle.class, DenoiseCommand.class,
      TableCommands.Encode.class, TableCommands.ScoreCsv.class,
      AnomalyCommand.class, SampleQualityCommand.class, TrainClassifierCommand.class,
      ReportCommand.class, InspectCommand.class, ModelsCommand.class,
      ServeCommand.class,
      LoadTestCommand.class, BenchCommand.class,
      CommandLine.HelpCommand.class
    })
public final class TfVaeCli {
  public static final int EXIT_RUNTIME = 1;
  public static final int EXIT_BAD_INPUT = 2;
  /** Training was stopped by Ctrl-C after saving a checkpoint (128 + SIGINT, as shells report it). */
  public static final int EXIT_INTERRUPTED = 130;

  public static void main(String[] args) {
    if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
      // Jetty logs through SLF4J; only its warnings belong on the user's terminal.
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    }
    try {
      System.exit(run(args));
    } catch (OutOfMemoryError e) {
      System.err.println("tf-vae: error: the JVM ran out of memory (" + e.getMessage() + "); give it more"
          + " with TFVAE_JAVA_OPTS=-Xmx<size>, or ask for less work");
      System.exit(EXIT_RUNTIME);
    }
  }

  /** Runs the command line and returns its exit code (for tests and embedding). */
  public static int run(String... args) {
    CommandLine cli = new CommandLine(new TfVaeCli());
    cli.setExecutionExceptionHandler(TfVaeCli::handle);
    return cli.execute(args);
  }

  private static int handle(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
    PrintWriter err = cmd.getErr();
    if (e instanceof dev.tfvae.train.training.TrainingInterruptedException interrupted) {
      if (!interrupted.reported()) {
        err.println("tf-vae " + cmd.getCommandName() + ": " + e.getMessage());
        err.flush();
      }
      return EXIT_INTERRUPTED;
    }
    if (e instanceof dev.tfvae.train.training.TrainingDivergedException) {
      err.println("tf-vae " + cmd.getCommandName() + ": error: " + e.getMessage());
      err.flush();
      return EXIT_RUNTIME;
    }
    boolean badInput =
        e instanceof IllegalArgumentException
            || e instanceof InvalidDataException
            || e instanceof NoSuchFileException
            || e instanceof FileAlreadyExistsException
            || e instanceof NotDirectoryException;
    err.println("tf-vae " + cmd.getCommandName() + ": error: " + describe(e));
    // I/O failures (a full disk, a vanished folder) are the environment's, not a bug: no stack trace.
    if (!badInput && !(e instanceof java.io.IOException)) {
      e.printStackTrace(err);
    }
    err.flush();
    return badInput ? EXIT_BAD_INPUT : EXIT_RUNTIME;
  }

  /**
   * The message of {@code e} with its reason: file-system exceptions carry only a path as their
   * message, so the reason is spelled out from their type.
   */
  static String describe(Exception e) {
    if (!(e instanceof FileSystemException fs)) {
      return e.getMessage();
    }
    String file = fs.getFile();
    String reason = fs.getReason();
    if (reason == null) {
      reason =
          e instanceof FileAlreadyExistsException
              ? "is in the way: it exists and is not a folder (choose another path)"
              : e instanceof NotDirectoryException ? "is not a folder"
              : e instanceof AccessDeniedException ? "permission denied"
              : e instanceof DirectoryNotEmptyException ? "folder is not empty"
              : e instanceof NoSuchFileException ? "not found"
              : e.getClass().getSimpleName();
    }
    // The reason may already name the file (the dataset search lists every folder it tried).
    return file == null || reason.contains(file) ? reason : file + ": " + reason;
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      var v = dev.tfvae.core.contract.LibraryVersions.current();
      return new String[] {
        "tf-vae " + v.tfVae(), "TensorFlow Java " + v.tensorflowJava(), "Java " + v.java()
      };
    }
  }
}
