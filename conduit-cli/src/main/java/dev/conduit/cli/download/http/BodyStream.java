package dev.conduit.cli.download.http;

import dev.conduit.cli.download.text.Durations;
import dev.conduit.channel.Channel;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Flow;

/**
 * A blocking {@link InputStream} over an HTTP response body publisher, with a read timeout.
 *
 * <p>Why not {@code BodyHandlers.ofInputStream()}: its reads wait forever once the headers have
 * arrived, so a server that stalls mid-body would hang a worker. Here the subscriber requests a few
 * batches of buffers at a time and hands them over a small Conduit channel; the reader waits at most
 * {@code timeout} for each batch, then cancels the subscription (which closes the connection) and
 * throws {@link HttpTimeoutException}.
 *
 * <p>Memory: at most {@link #AHEAD} batches (of the client's read buffers, 64 kB as
 * {@link JdkHttpEngine} configures them) are requested ahead of the reader, so a body of any size
 * needs about half a megabyte (a batch is usually one buffer). Single reader; {@link #close()} may be called from any thread.
 */
public final class BodyStream extends InputStream implements Flow.Subscriber<List<ByteBuffer>> {
    /** Batches requested ahead of the reader: lets the client read the socket while the reader writes the file. */
    static final int AHEAD = 8;

    private final Duration timeout;
    /** Batches from the client's threads to the reader; closed at the end of the body, with the cause on error. */
    private final Channel<List<ByteBuffer>> batches = Channel.<List<ByteBuffer>>builder().name("http-body").capacity(AHEAD + 1).build();
    private volatile Flow.Subscription subscription;
    private volatile Throwable failure;

    // reader-side state, touched only by the reading thread
    private List<ByteBuffer> currentBatch = List.of();
    private Iterator<ByteBuffer> current = List.<ByteBuffer>of().iterator();
    private ByteBuffer buffer;
    private boolean ended;

    BodyStream(Duration timeout) {
        this.timeout = timeout;
    }

    // ---------------------------------------------------------------- Flow.Subscriber (client threads)

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        s.request(AHEAD);
    }

    @Override
    public void onNext(List<ByteBuffer> item) {
        // Never blocks: at most AHEAD batches are requested beyond what the reader took, and the channel holds one more.
        if (!batches.offer(item)) {
            onError(new IllegalStateException("HTTP body arrived faster than requested"));
        }
    }

    @Override
    public void onError(Throwable t) {
        failure = t;
        batches.close(t);
    }

    @Override
    public void onComplete() {
        batches.close();
    }

    // ---------------------------------------------------------------- InputStream (the reader)

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (buffer == null || !buffer.hasRemaining()) {
            if (current.hasNext()) {
                buffer = current.next();
                continue;
            }
            if (ended || !nextBatch()) {
                ended = true;
                return -1;
            }
        }
        int n = Math.min(len, buffer.remaining());
        buffer.get(b, off, n);
        return n;
    }

    /**
     * Returns the next batch of body buffers, waiting at most the timeout; for a reader that writes
     * buffers straight to a file. Do not mix with the {@code read} methods.
     *
     * @return the buffers, or {@code null} at the end of the body
     * @throws HttpTimeoutException if no data came for the timeout (the exchange is then cancelled)
     * @throws IOException          if the body failed (connection reset, closed early, ...)
     */
    public List<ByteBuffer> next() throws IOException {
        return nextBatch() ? takeCurrent() : null;
    }

    private List<ByteBuffer> takeCurrent() {
        List<ByteBuffer> batch = currentBatch;
        current = List.<ByteBuffer>of().iterator();
        currentBatch = List.of();
        return batch;
    }

    /** Waits for the next batch; {@code false} at the end of the body. */
    private boolean nextBatch() throws IOException {
        List<ByteBuffer> batch;
        try {
            batch = batches.poll(timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            cancel();
            throw new InterruptedIOException("interrupted while reading the body");
        }
        if (batch == null) {
            if (!batches.isClosedForReceive()) {
                cancel();
                throw new HttpTimeoutException("no data for " + Durations.format(timeout) + " while reading the body");
            }
            Throwable t = failure;
            if (t != null) {
                throw t instanceof IOException io ? io : new IOException(t.getMessage(), t);
            }
            return false;
        }
        currentBatch = batch;
        current = batch.iterator();
        Flow.Subscription s = subscription;
        if (s != null) {
            s.request(1);
        }
        return true;
    }

    @Override
    public void close() {
        cancel();
    }

    private void cancel() {
        Flow.Subscription s = subscription;
        if (s != null && !batches.isClosedForSend()) {
            s.cancel();
        }
        batches.cancel();
    }
}
