package dev.tfvae.train.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

/** The JSON writer of the command line (one object per command on stdout). */
final class Json {
  static final ObjectMapper MAPPER =
      JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

  private Json() {}

  static void print(Object value) throws java.io.IOException {
    System.out.println(MAPPER.writeValueAsString(value));
    System.out.flush();
  }
}
