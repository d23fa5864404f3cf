package dev.tfvae.train.training;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import dev.tfvae.core.model.LearningRateSchedule;
import dev.tfvae.core.model.VaeConfig;
import java.io.IOException;

/**
 * Writes and reads tf-vae-core's types inside this module's JSON (the training state) through their own
 * JSON forms: the published tf-vae-core relocates its JSON library, so the annotations on its records are
 * invisible to this module's Jackson, and introspecting them would give another format.
 */
final class CoreTypesModule extends SimpleModule {
  private static final long serialVersionUID = 1L;

  CoreTypesModule() {
    super("tf-vae-core types");
    addSerializer(VaeConfig.class, new StdSerializer<>(VaeConfig.class) {
      @Override
      public void serialize(VaeConfig value, JsonGenerator gen, SerializerProvider provider)
          throws IOException {
        gen.writeRawValue(value.toJson());
      }
    });
    addDeserializer(VaeConfig.class, new StdDeserializer<>(VaeConfig.class) {
      @Override
      public VaeConfig deserialize(JsonParser p, DeserializationContext context) throws IOException {
        return VaeConfig.parse(p.readValueAsTree().toString());
      }
    });
    addSerializer(LearningRateSchedule.class, new StdSerializer<>(LearningRateSchedule.class) {
      @Override
      public void serialize(LearningRateSchedule value, JsonGenerator gen, SerializerProvider provider)
          throws IOException {
        gen.writeString(value.cliName());
      }
    });
    addDeserializer(LearningRateSchedule.class, new StdDeserializer<>(LearningRateSchedule.class) {
      @Override
      public LearningRateSchedule deserialize(JsonParser p, DeserializationContext context)
          throws IOException {
        return LearningRateSchedule.parse(p.getValueAsString());
      }
    });
  }
}
