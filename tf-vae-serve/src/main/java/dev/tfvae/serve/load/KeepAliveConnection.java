package dev.tfvae.serve.load;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpGenerator;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.http.HttpParser;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.http.MetaData;
import org.eclipse.jetty.util.BufferUtil;

/**
 * One client's HTTP/1.1 connection: it sends the same {@code POST} again and again on one kept-alive
 * socket, with blocking I/O on the calling thread, and reads each answer's status. A load generator must
 * cost less than the server it measures; an asynchronous client (such as {@code java.net.http}) hands
 * every request between its caller, selector and worker threads, and on two cores those hand-offs cost
 * more than the server's own work. Here a request is one socket write and the reads of its answer, with no
 * other thread involved. The request is written by Jetty's {@link HttpGenerator} once, and each answer is
 * read by Jetty's {@link HttpParser} (the server's own HTTP code); its body is skipped, never stored.
 *
 * <p>When the server closes the connection ({@code Connection: close}, or an idle kept-alive socket
 * closed before the next request), the next request opens a new one. Not thread-safe: one per client.
 */
final class KeepAliveConnection implements AutoCloseable {
  /** How long connecting and each read may block. */
  static final int TIMEOUT_MILLIS = 60_000;

  private final URI url;
  private final InetSocketAddress address;
  private final byte[] request;
  private final byte[] buffer = new byte[64 * 1024];
  private final Answer answer = new Answer();
  private HttpParser parser;
  private ByteBuffer unread = BufferUtil.EMPTY_BUFFER;
  /** Set by {@link #close()}: no new socket is opened after it, whichever thread calls it. */
  private volatile boolean closed;
  private volatile Socket socket;
  private InputStream in;
  private OutputStream out;

  /**
   * A connection to {@code url} (scheme {@code http}) that will send {@code body} as a JSON POST; it
   * connects on the first {@link #send()}.
   */
  KeepAliveConnection(URI url, byte[] body) {
    this.url = url;
    this.address = new InetSocketAddress(url.getHost(), url.getPort() < 0 ? 80 : url.getPort());
    this.request = request(url, body);
  }

  /** The request's bytes: head and body as one write. */
  private static byte[] request(URI url, byte[] body) {
    String target = url.getRawPath().isEmpty() ? "/" : url.getRawPath();
    if (url.getRawQuery() != null) {
      target += "?" + url.getRawQuery();
    }
    HttpFields.Mutable fields = HttpFields.build()
        .add(HttpHeader.HOST, url.getPort() < 0 ? url.getHost() : url.getHost() + ":" + url.getPort())
        .add(HttpHeader.CONTENT_TYPE, "application/json");
    MetaData.Request head =
        new MetaData.Request("POST", HttpURI.from(target), HttpVersion.HTTP_1_1, fields, body.length);
    ByteBuffer header = BufferUtil.allocate(8 * 1024);
    try {
      HttpGenerator.Result result =
          new HttpGenerator().generateRequest(head, header, null, ByteBuffer.wrap(body), true);
      if (result != HttpGenerator.Result.FLUSH) {
        throw new IllegalArgumentException("cannot write a request to " + url + ": " + result);
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot write a request to " + url + ": " + e.getMessage(), e);
    }
    byte[] out = new byte[header.remaining() + body.length];
    header.get(out, 0, header.remaining());
    System.arraycopy(body, 0, out, out.length - body.length, body.length);
    return out;
  }

  /**
   * Sends the request and reads the whole answer.
   *
   * @return the answer's final HTTP status (informational 1xx answers before it are skipped)
   * @throws IOException if nothing listens, the server does not answer within {@link #TIMEOUT_MILLIS},
   *     the connection breaks during an answer, or the answer is not HTTP; each message names the URL
   * @throws InterruptedIOException if the calling thread was interrupted or {@link #close()} was called
   */
  int send() throws IOException {
    if (Thread.interrupted()) {
      throw new InterruptedIOException("load test of " + url + " stopped");
    }
    // A kept-alive connection may have been closed by the server while idle; then the request is sent
    // once more on a new one (only when no byte of an answer came back).
    boolean reused = socket != null;
    while (true) {
      if (socket == null) {
        connect();
      }
      try {
        out.write(request);
        out.flush();
        return readAnswer();
      } catch (StaleConnection | SocketException e) {
        close(false);
        if (!reused) {
          throw failed(e);
        }
        reused = false;
      } catch (IOException e) {
        close(false);
        throw failed(e);
      }
    }
  }

  private IOException failed(IOException e) {
    if (closed) {
      return new InterruptedIOException("load test of " + url + " stopped");
    }
    if (e instanceof SocketTimeoutException) {
      return new IOException("request to " + url + " failed: no answer within " + TIMEOUT_MILLIS / 1000
          + " s", e);
    }
    return new IOException("request to " + url + " failed: " + e.getMessage(), e);
  }

  /** The connection closed (or was reset) before any byte of the answer came. */
  private static final class StaleConnection extends IOException {
    StaleConnection(String message) {
      super(message);
    }
  }

  /** The connection closed in the middle of an answer: never retried. */
  private static final class AnswerStarted extends IOException {
    AnswerStarted() {
      super("the server closed the connection in the middle of an answer");
    }
  }

  private void connect() throws IOException {
    Socket s = new Socket();
    try {
      s.setTcpNoDelay(true);
      s.setSoTimeout(TIMEOUT_MILLIS);
      s.connect(address, TIMEOUT_MILLIS);
    } catch (ConnectException e) {
      s.close();
      throw new IOException("cannot connect to " + url + ": nothing listens there"
          + " (start the server with ./tf-vae serve)", e);
    } catch (IOException e) {
      s.close();
      throw new IOException("cannot connect to " + url + ": " + e.getMessage(), e);
    }
    synchronized (this) {
      if (closed) {
        s.close();
        throw new InterruptedIOException("load test of " + url + " stopped");
      }
      socket = s;
    }
    in = s.getInputStream();
    out = s.getOutputStream();
    unread = BufferUtil.EMPTY_BUFFER;
    parser = new HttpParser(answer); // a parser that saw a connection end stays closed: a new one
  }

  private int readAnswer() throws IOException {
    answer.start();
    parser.reset();
    boolean any = false;
    while (true) {
      if (!unread.hasRemaining()) {
        int n;
        try {
          n = in.read(buffer);
        } catch (SocketException e) {
          throw any ? new AnswerStarted() : new StaleConnection(e.getMessage());
        }
        if (n < 0) {
          parser.atEOF();
          parser.parseNext(BufferUtil.EMPTY_BUFFER); // an answer without a length ends here
          if (!answer.complete) {
            throw any ? new AnswerStarted() : new StaleConnection("closed before the answer");
          }
          answer.closes = true;
        } else {
          any = true;
          unread = ByteBuffer.wrap(buffer, 0, n);
          parser.parseNext(unread);
        }
      } else {
        parser.parseNext(unread);
      }
      if (answer.bad != null) {
        throw new IOException("the server's answer is not HTTP: " + answer.bad);
      }
      if (answer.complete) {
        if (answer.status >= 100 && answer.status < 200 && answer.status != 101) {
          answer.start(); // informational (100 Continue, 103 Early Hints): the final answer follows
          parser.reset();
          continue;
        }
        break;
      }
    }
    if (answer.closes) {
      close(false);
    }
    return answer.status;
  }

  /** Closes the socket and stops this connection for good: a {@link #send()} after it throws. */
  @Override
  public void close() {
    close(true);
  }

  private synchronized void close(boolean forGood) {
    closed |= forGood;
    Socket s = socket;
    socket = null;
    if (s != null) {
      try {
        s.close();
      } catch (IOException ignored) {
        // closing a socket the server already closed
      }
    }
  }

  /** What the parser saw of one answer: its status, whether it closes the connection, its end. */
  private static final class Answer implements HttpParser.ResponseHandler {
    int status;
    boolean closes;
    boolean complete;
    String bad;

    void start() {
      status = 0;
      closes = false;
      complete = false;
      bad = null;
    }

    @Override
    public void startResponse(HttpVersion version, int status, String reason) {
      this.status = status;
      closes = version != HttpVersion.HTTP_1_1;
    }

    @Override
    public void parsedHeader(HttpField field) {
      if (field.getHeader() == HttpHeader.CONNECTION) {
        closes |= field.contains(HttpHeaderValue.CLOSE.asString());
      }
    }

    @Override
    public boolean content(ByteBuffer content) {
      content.position(content.limit()); // skipped: only the status and the timing matter
      return false;
    }

    @Override
    public boolean headerComplete() {
      return false;
    }

    @Override
    public boolean contentComplete() {
      return false;
    }

    @Override
    public boolean messageComplete() {
      complete = true;
      return true;
    }

    @Override
    public void earlyEOF() {
      // reported by readAnswer: the answer is not complete when the connection ends
    }

    @Override
    public void badMessage(HttpException failure) {
      bad = "status " + failure.getCode() + (failure.getReason() == null ? "" : ", " + failure.getReason());
    }
  }
}
