package dev.tfvae.train.examples;

import dev.tfvae.train.data.Dataset;
import dev.tfvae.train.data.DatasetLoader;
import dev.tfvae.train.export.TrainingExport;
import dev.tfvae.train.training.TrainingConfig;
import dev.tfvae.train.training.TrainingListener;
import dev.tfvae.train.training.TrainingResult;
import dev.tfvae.train.training.VaeTrainer;
import java.nio.file.Path;
import java.util.List;

/** The README's "train from your own main" example; {@code QuickStartTest} runs it. */
public final class QuickStart {
  private QuickStart() {}

  public static void main(String[] args) throws Exception {
    Path out = Path.of(args.length > 0 ? args[0] : "savedmodels/my-shapes-vae");
    // README:train-begin
    Dataset data = DatasetLoader.standard(null).load("shapes");
    TrainingConfig config = TrainingConfig.builder()
        .hidden(List.of(400))
        .latentDim(8)
        .epochs(3)
        .seed(7)
        .build();
    TrainingResult result = new VaeTrainer(config).train(data, TrainingListener.NONE);
    System.out.printf("validation neg_elbo %.2f%n", result.last().validation().negElbo());
    Path version = TrainingExport.export(result, out, "QuickStart.main");
    System.out.println("exported " + version);
    // README:train-end
  }
}
