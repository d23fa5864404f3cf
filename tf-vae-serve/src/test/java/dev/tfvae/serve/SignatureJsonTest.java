package dev.tfvae.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.util.JsonFormat;
import dev.tfvae.infer.ModelValidator;
import dev.tfvae.infer.ShippedModels;
import dev.tfvae.infer.SignatureSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.SavedModel;
import org.tensorflow.proto.SignatureDef;

/**
 * The metadata endpoint prints each signature as protobuf's own JSON printer prints the SignatureDef
 * (what TF Serving returns), for every signature of every shipped model.
 */
class SignatureJsonTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void equalsProtobufsJsonOfTheSignatureDef() throws Exception {
    JsonFormat.Printer printer =
        JsonFormat.printer().preservingProtoFieldNames().includingDefaultValueFields();
    int checked = 0;
    for (Path version : ShippedModels.allVersions()) {
      SavedModel saved = SavedModel.parseFrom(Files.readAllBytes(version.resolve("saved_model.pb")));
      MetaGraphDef graph = saved.getMetaGraphs(0);
      Map<String, SignatureSpec> specs = ModelValidator.validate(version).signatures();
      assertEquals(graph.getSignatureDefMap().keySet(), specs.keySet(), version.toString());
      for (Map.Entry<String, SignatureDef> e : graph.getSignatureDefMap().entrySet()) {
        assertEquals(JSON.readTree(printer.print(e.getValue())), SignatureJson.of(specs.get(e.getKey())),
            version + " " + e.getKey());
        checked++;
      }
    }
    assertFalse(checked == 0);
  }
}
