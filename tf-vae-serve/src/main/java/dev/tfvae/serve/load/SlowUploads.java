package dev.tfvae.serve.load;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Hostile clients for a stress run: connections that each send a {@code :predict} request announcing a
 * 1,000,000-byte body and then one body byte per second, as a slow-upload attack does. A connection the
 * server answers or closes counts as cut.
 */
final class SlowUploads implements AutoCloseable {
  private final List<Socket> sockets = new ArrayList<>();
  private final boolean[] cut;
  private final ScheduledExecutorService dribble;

  SlowUploads(URI url, int count) throws IOException {
    cut = new boolean[count];
    int port = url.getPort() < 0 ? 80 : url.getPort();
    byte[] head = ("POST " + url.getRawPath() + " HTTP/1.1\r\nHost: " + url.getHost() + "\r\n"
        + "Content-Type: application/json\r\nContent-Length: 1000000\r\n\r\n{")
        .getBytes(StandardCharsets.US_ASCII);
    for (int i = 0; i < count; i++) {
      Socket s = new Socket(url.getHost(), port);
      s.getOutputStream().write(head);
      sockets.add(s);
    }
    dribble = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "tf-vae-slow-uploads");
      t.setDaemon(true);
      return t;
    });
    dribble.scheduleAtFixedRate(this::sendOneByteEach, 1, 1, TimeUnit.SECONDS);
  }

  private synchronized void sendOneByteEach() {
    for (int i = 0; i < sockets.size(); i++) {
      if (cut[i]) {
        continue;
      }
      try {
        Socket s = sockets.get(i);
        if (s.getInputStream().available() > 0) {
          cut[i] = true; // the server answered (408) before the body was complete
          continue;
        }
        s.getOutputStream().write(' ');
      } catch (IOException e) {
        cut[i] = true;
      }
    }
  }

  /** How many of the connections the server has answered or closed. */
  synchronized int cut() {
    sendOneByteEach();
    int n = 0;
    for (boolean c : cut) {
      n += c ? 1 : 0;
    }
    return n;
  }

  @Override
  public void close() {
    dribble.shutdownNow();
    for (Socket s : sockets) {
      try {
        s.close();
      } catch (IOException ignored) {
        // closing a socket the server already closed
      }
    }
  }
}
