package dev.tfvae.spark;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.SparkConf;

/**
 * How many lanes the model of an executor JVM gets when {@code threads} is 0: the executor's cores, which
 * Spark fills with (cores / {@code spark.task.cpus}) tasks at a time, so that every running task has
 * {@code spark.task.cpus} lanes' worth of cores and the JVM never runs more native calls than it has cores.
 * The cores are {@code spark.executor.cores} where it is set, N for a {@code local[N]} master, and the
 * JVM's available processors otherwise ({@code local[*]}, standalone workers that give all their cores).
 */
final class ExecutorCores {
  private static final Pattern LOCAL = Pattern.compile("local\\[(\\d+|\\*)(?:,\\d+)?]");

  private ExecutorCores() {}

  static int lanes(SparkConf conf, int requested) {
    if (requested > 0) {
      return requested;
    }
    int available = Runtime.getRuntime().availableProcessors();
    if (conf == null) {
      return available;
    }
    if (conf.contains("spark.executor.cores")) {
      return Math.max(1, conf.getInt("spark.executor.cores", available));
    }
    Matcher local = LOCAL.matcher(conf.get("spark.master", ""));
    if (local.matches()) {
      return local.group(1).equals("*") ? available : Math.max(1, Integer.parseInt(local.group(1)));
    }
    return conf.get("spark.master", "").equals("local") ? 1 : available;
  }
}
