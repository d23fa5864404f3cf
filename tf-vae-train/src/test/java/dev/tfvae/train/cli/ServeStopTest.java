package dev.tfvae.train.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./tf-vae serve} stops within a few seconds of SIGTERM while clients and slow uploads load it. */
class ServeStopTest {
  private static final Pattern URL = Pattern.compile("at (http://127\\.0\\.0\\.1:[0-9]+/v1/models/[^ ]+)");

  @Test
  void sigtermStopsTheServerUnderLoad(@TempDir Path dir) throws Exception {
    Path log = dir.resolve("serve.log");
    List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
        System.getProperty("java.class.path"), TfVaeCli.class.getName(), "serve", "--model",
        "../savedmodels/fashion-mnist-vae", "--port", "0");
    Process serve = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    List<Socket> slow = new ArrayList<>();
    AtomicBoolean stop = new AtomicBoolean();
    List<Thread> clients = new ArrayList<>();
    try {
      String url = null;
      for (int i = 0; i < 600 && url == null; i++) {
        Matcher m = URL.matcher(Files.readString(log));
        url = m.find() ? m.group(1) : null;
        Thread.sleep(100);
      }
      assertTrue(url != null, "serve did not start:\n" + Files.readString(log));
      URI predict = URI.create(url + ":predict");
      for (int i = 0; i < 20; i++) {
        Socket s = new Socket(predict.getHost(), predict.getPort());
        s.getOutputStream().write(("POST " + predict.getPath() + " HTTP/1.1\r\nHost: x\r\n"
            + "Content-Length: 1000000\r\n\r\n{").getBytes(StandardCharsets.US_ASCII));
        slow.add(s);
      }
      StringBuilder body = new StringBuilder("{\"instances\": [");
      for (int i = 0; i < 64; i++) {
        body.append(i == 0 ? "" : ",").append("[" + "[0.5" + ",0.5".repeat(27) + "]" + (",[0.5" + ",0.5".repeat(27) + "]").repeat(27) + "]");
      }
      String batch = body.append("]}").toString();
      HttpClient http = HttpClient.newHttpClient();
      AtomicInteger answered = new AtomicInteger();
      for (int c = 0; c < 4; c++) {
        Thread t = new Thread(() -> {
          while (!stop.get()) {
            try {
              http.send(HttpRequest.newBuilder(predict).POST(HttpRequest.BodyPublishers.ofString(batch)).build(),
                  HttpResponse.BodyHandlers.discarding());
              answered.incrementAndGet();
            } catch (Exception e) {
              return; // the server went away
            }
          }
        });
        t.setDaemon(true);
        t.start();
        clients.add(t);
      }
      Thread.sleep(2_000);
      assertTrue(answered.get() > 0, "no request was answered before the stop");
      long t0 = System.nanoTime();
      serve.destroy(); // SIGTERM
      boolean exited = serve.waitFor(10, TimeUnit.SECONDS);
      double seconds = (System.nanoTime() - t0) / 1e9;
      assertTrue(exited && seconds < 6, "serve took " + seconds + " s to stop:\n" + Files.readString(log));
    } finally {
      stop.set(true);
      for (Socket s : slow) {
        s.close();
      }
      serve.destroyForcibly();
    }
  }
}
