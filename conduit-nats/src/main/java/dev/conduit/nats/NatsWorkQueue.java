package dev.conduit.nats;

import dev.conduit.channel.ChannelClosedException;
import dev.conduit.workqueue.DeadLetter;
import dev.conduit.workqueue.Delivery;
import dev.conduit.workqueue.ItemCodec;
import dev.conduit.workqueue.RemoteCause;
import dev.conduit.workqueue.WorkQueue;
import dev.conduit.workqueue.WorkQueueOptions;
import dev.conduit.workqueue.WorkQueueStats;
import dev.conduit.workqueue.WorkQueueUnavailableException;
import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.ConsumerContext;
import io.nats.client.ErrorListener;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.PublishOptions;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.DiscardPolicy;
import io.nats.client.api.MessageGetRequest;
import io.nats.client.api.MessageInfo;
import io.nats.client.api.RetentionPolicy;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StreamInfo;
import io.nats.client.api.StreamInfoOptions;
import io.nats.client.impl.Headers;

import java.io.IOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * A {@link WorkQueue} stored by a NATS JetStream server (2.9 or newer), shared by every process that
 * connects to the same {@linkplain NatsQueueAddress address}. Each instance is one handle with its
 * own connection: open one per process (its methods are thread-safe), and {@link #disconnect()} it
 * when the process is done with the queue; {@link #close()} keeps Conduit's meaning, the end of the
 * queue's input for everybody.
 *
 * <h2>How the contract maps onto JetStream</h2>
 * <ul>
 *   <li>A queue is a work-queue stream with file storage and one durable pull consumer
 *       ({@link QueueLayout}); a bounded queue is the stream's {@code max_msgs} with
 *       {@code discard: new}, so a full queue refuses the publish and {@code put} waits and retries.</li>
 *   <li>{@code put} publishes with a message id chosen once per put and reused by its retries, so a
 *       retry after a lost reply is stored once; it returns when the server's acknowledgement says
 *       stored.</li>
 *   <li>The lease is the consumer's {@code ack_wait}; {@code keepAlive} is {@code +WPI}; retry is a
 *       NAK with delay. Workers ({@link #connect}) set the lease and the deliveries an item gets (kept in
 *       the consumer's description), so every handle of the queue counts alike. The consumer has no {@code max_deliver}: on a work-queue stream a message
 *       past it would stay in the stream for ever and hang the end of the queue. This client counts
 *       deliveries instead and dead-letters an item into a stream of its own, then terminates it.</li>
 *   <li>{@code close} removes the items subject from the stream in one configuration update, so a
 *       put after it finds no stream and fails; then a fence marker, written after the update
 *       through the same stream, orders every put the server took before it. The end of the queue is
 *       "closed, fenced, and the consumer has nothing pending and nothing awaiting an ack", taken
 *       from the consumer's state, never the stream's message count (after a crash of a 2.9 server,
 *       acknowledged messages can come back into that count for good).</li>
 * </ul>
 *
 * <h2>Failures</h2>
 * The connection reconnects by itself, for ever; operations retry for the
 * {@linkplain WorkQueueOptions#patience() patience}, then throw {@link WorkQueueUnavailableException}.
 * Acknowledgements are sent asynchronously and re-sent after a reconnect. Durability is the
 * server's: see the README on {@code sync_interval}.
 *
 * @param <T> the item type
 */
public final class NatsWorkQueue<T> implements WorkQueue<T> {
    /** The messages the prefetch buffer holds; it is refilled 16 at a time. */
    private static final int DEFAULT_PREFETCH = 32;
    /** Acknowledgements re-sent after a reconnect: those of the last this-many nanoseconds. */
    private static final long RESEND_WINDOW = Duration.ofSeconds(5).toNanos();
    private static final String REASON = "Conduit-Reason";
    private static final String DELIVERIES = "Conduit-Deliveries";
    private static final String ID = "Conduit-Id";

    private final NatsQueueAddress address;
    private final QueueLayout layout;
    private final ItemCodec<T> codec;
    private final WorkQueueOptions options;
    private final Patience patience;
    private final Connection connection;
    private final JetStream js;
    private final JetStreamManagement jsm;
    private final int prefetch;
    private final Duration lease;
    private final ConcurrentLinkedDeque<RecentAck> recentAcks = new ConcurrentLinkedDeque<>();
    private final ReentrantLock startLock = new ReentrantLock();
    private volatile Prefetcher<T> prefetcher;

    /** The queue's, as its workers set it in the consumer's description (every handle counts alike). */
    private volatile int maxDeliveries;
    private volatile boolean closedSeen;
    private volatile boolean fenceSeen;
    private volatile boolean cancelledSeen;
    private volatile String closeCause;

    private record RecentAck(long nanos, String replyTo) {
    }

    /** How a handle treats the queue it opens. */
    private enum Opening {
        /** A worker: create if missing, set the lease. */
        CREATE_AND_SET_LEASE,
        /** A producer: create if missing, leave the settings alone. */
        CREATE,
        /** A status query: the queue must exist already. */
        EXISTING
    }

    private NatsWorkQueue(NatsQueueAddress address, ItemCodec<T> codec, WorkQueueOptions options, Opening opening,
                          int prefetch) throws InterruptedException {
        this.address = address;
        this.layout = new QueueLayout(address.name());
        this.codec = codec;
        this.options = options;
        this.patience = new Patience(address.toString(), options.patience());
        this.prefetch = prefetch;
        this.connection = connect(address, this::connectionEvent);
        try {
            this.js = connection.jetStream();
            this.jsm = connection.jetStreamManagement();
            this.lease = patience.retry("opening the queue", () -> ensureQueue(opening));
        } catch (IOException e) {
            closeQuietly();
            throw new WorkQueueUnavailableException("cannot use JetStream at " + address.serverUrl()
                    + " (is the server running with -js?): " + Patience.reason(e), e);
        } catch (RuntimeException | InterruptedException e) {
            closeQuietly();
            throw e;
        }
    }

    /**
     * Connects a worker's handle: creates the queue with {@code options} if it does not exist, and
     * sets its lease (the consumer's redelivery time) to {@code options.lease()}, as every worker of
     * one queue should with the same value.
     *
     * @param address where the queue lives
     * @param codec   how items are stored
     * @param options capacity (used only when creating), lease, deliveries, patience
     * @param <T>     the item type
     * @return the handle
     * @throws WorkQueueUnavailableException if the server cannot be reached or has no JetStream
     * @throws InterruptedException          if interrupted while connecting
     */
    public static <T> NatsWorkQueue<T> connect(NatsQueueAddress address, ItemCodec<T> codec, WorkQueueOptions options)
            throws InterruptedException {
        return new NatsWorkQueue<>(Objects.requireNonNull(address, "address"), Objects.requireNonNull(codec, "codec"),
                Objects.requireNonNull(options, "options"), Opening.CREATE_AND_SET_LEASE, DEFAULT_PREFETCH);
    }

    /**
     * Connects a handle that leaves an existing queue's settings alone (a producer, a status query):
     * creates the queue with {@code options} only if it does not exist.
     *
     * @param address where the queue lives
     * @param codec   how items are stored
     * @param options settings for a queue created now; deliveries and patience for this handle
     * @param <T>     the item type
     * @return the handle
     * @throws WorkQueueUnavailableException if the server cannot be reached or has no JetStream
     * @throws InterruptedException          if interrupted while connecting
     */
    public static <T> NatsWorkQueue<T> attach(NatsQueueAddress address, ItemCodec<T> codec, WorkQueueOptions options)
            throws InterruptedException {
        return new NatsWorkQueue<>(Objects.requireNonNull(address, "address"), Objects.requireNonNull(codec, "codec"),
                Objects.requireNonNull(options, "options"), Opening.CREATE, DEFAULT_PREFETCH);
    }

    /**
     * Connects a handle to a queue that exists already, changing none of its settings: for status
     * queries ({@code conduit queue stats}), where a mistyped name must be reported, not created.
     *
     * @param address where the queue lives
     * @param codec   how items are stored
     * @param options deliveries and patience for this handle
     * @param <T>     the item type
     * @return the handle
     * @throws IllegalArgumentException      if the server has no queue of that name
     * @throws WorkQueueUnavailableException if the server cannot be reached or has no JetStream
     * @throws InterruptedException          if interrupted while connecting
     */
    public static <T> NatsWorkQueue<T> existing(NatsQueueAddress address, ItemCodec<T> codec, WorkQueueOptions options)
            throws InterruptedException {
        return new NatsWorkQueue<>(Objects.requireNonNull(address, "address"), Objects.requireNonNull(codec, "codec"),
                Objects.requireNonNull(options, "options"), Opening.EXISTING, DEFAULT_PREFETCH);
    }

    static Connection connect(NatsQueueAddress address, ConnectionListener listener) throws InterruptedException {
        Options o = new Options.Builder()
                .server(address.serverUrl())
                .connectionName("conduit " + address.name())
                .connectionTimeout(Duration.ofSeconds(2))
                .maxReconnects(-1)
                .reconnectWait(Duration.ofMillis(250))
                .pingInterval(Duration.ofSeconds(2))
                .maxPingsOut(2)
                .errorListener(new ErrorListener() { })   // no log lines of jnats on our users' terminals
                .connectionListener(listener)
                .build();
        try {
            return Nats.connect(o);
        } catch (IOException e) {
            throw new WorkQueueUnavailableException("cannot reach the NATS server at " + address.serverUrl() + ": "
                    + Patience.reason(e), e);
        }
    }

    /** Creates what is missing; @return the lease in force */
    private Duration ensureQueue(Opening opening) throws IOException, JetStreamApiException {
        StreamInfo info = streamInfo();
        if (info == null && opening == Opening.EXISTING) {
            throw new IllegalArgumentException("no work queue '" + address.name() + "' at " + address.serverUrl()
                    + " (a queue is made by its first worker or producer; is the name right?)");
        }
        if (info == null) {
            StreamConfiguration sc = StreamConfiguration.builder()
                    .name(layout.stream)
                    .subjects(layout.items, layout.ctl, layout.cancel)
                    .retentionPolicy(RetentionPolicy.WorkQueue)
                    .storageType(StorageType.File)
                    .maxMessages(options.unbounded() ? -1 : options.capacity())
                    .discardPolicy(DiscardPolicy.New)
                    .description(QueueLayout.DESCRIPTION_OPEN)
                    .build();
            try {
                info = jsm.addStream(sc);
            } catch (JetStreamApiException e) {
                info = streamInfo();   // created by another process meanwhile
                if (info == null) {
                    throw e;
                }
            }
        }
        noteState(info.getConfiguration());
        if (streamInfo(layout.deadStream) == null) {
            try {
                jsm.addStream(StreamConfiguration.builder().name(layout.deadStream).subjects(layout.dead)
                        .retentionPolicy(RetentionPolicy.Limits).storageType(StorageType.File)
                        .description("dead letters of conduit work queue " + layout.name).build());
            } catch (JetStreamApiException e) {
                if (streamInfo(layout.deadStream) == null) {
                    throw e;
                }
            }
        }
        ConsumerInfo consumer = consumerInfo();
        String description = QueueLayout.consumerDescription(options.maxDeliveries());
        boolean setLease = opening == Opening.CREATE_AND_SET_LEASE;
        if (consumer == null || (setLease && !closedSeen
                && (!options.lease().equals(consumer.getConsumerConfiguration().getAckWait())
                    || !description.equals(consumer.getConsumerConfiguration().getDescription())))) {
            ConsumerConfiguration cc = ConsumerConfiguration.builder()
                    .durable(QueueLayout.CONSUMER)
                    .description(description)
                    .filterSubject(layout.items)
                    .ackPolicy(AckPolicy.Explicit)
                    .ackWait(options.lease())
                    .maxDeliver(-1)            // see the class comment: deliveries are counted here
                    .maxAckPending(100_000)
                    .build();
            consumer = jsm.addOrUpdateConsumer(layout.stream, cc);
        }
        maxDeliveries = QueueLayout.maxDeliveries(consumer.getConsumerConfiguration().getDescription(),
                options.maxDeliveries());
        return consumer.getConsumerConfiguration().getAckWait();
    }

    private StreamInfo streamInfo() throws IOException, JetStreamApiException {
        return streamInfo(layout.stream);
    }

    private StreamInfo streamInfo(String stream) throws IOException, JetStreamApiException {
        try {
            return jsm.getStreamInfo(stream);
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() == 10059) {   // stream not found
                return null;
            }
            throw e;
        }
    }

    private ConsumerInfo consumerInfo() throws IOException, JetStreamApiException {
        try {
            return jsm.getConsumerInfo(layout.stream, QueueLayout.CONSUMER);
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() == 10014) {   // consumer not found
                return null;
            }
            throw e;
        }
    }

    private void noteState(StreamConfiguration c) {
        if (!c.getSubjects().contains(layout.items)) {
            closeCause = QueueLayout.closeCause(c.getDescription());
            closedSeen = true;
        }
        if (QueueLayout.isCancelled(c.getDescription())) {
            cancelledSeen = true;
        }
    }

    @Override
    public String name() {
        return layout.name;
    }

    /**
     * Tells where this queue lives: broker, stream and subject.
     *
     * @return where this queue lives
     */
    public NatsQueueAddress address() {
        return address;
    }

    // ---------------------------------------------------------------- sending

    @Override
    public void put(T item) throws InterruptedException {
        send(item, Long.MAX_VALUE, UUID.randomUUID().toString());
    }

    @Override
    public boolean offer(T item, Duration timeout) throws InterruptedException {
        return send(item, Math.max(0, timeout.toNanos()), UUID.randomUUID().toString());
    }

    /**
     * Stores an item like {@link #put}, under a message id of the caller's: the server stores one item
     * per id within its duplicate window (two minutes by default), so two producers putting the same
     * work with the same id (say, a hash of a URL) put it once.
     *
     * @param item the item
     * @param id   its message id, at most 128 printable characters
     * @return {@code true} if stored now, {@code false} if an item with this id was stored already
     * @throws InterruptedException as {@link #put}
     */
    public boolean putOnce(T item, String id) throws InterruptedException {
        return send(item, Long.MAX_VALUE, Objects.requireNonNull(id, "id"));
    }

    Connection connection() {
        return connection;
    }

    Patience patience() {
        return patience;
    }

    /*
     * One publish per attempt, all attempts with one message id: the server stores the item once
     * however many replies were lost. A full stream (10077) means wait for room; "no responders"
     * means either the queue was closed (the items subject is gone) or JetStream is not up yet.
     */
    private boolean send(T item, long roomNanos, String messageId) throws InterruptedException {
        byte[] body = codec.encode(Objects.requireNonNull(item, "item"));
        PublishOptions po = PublishOptions.builder().messageId(messageId).expectedStream(layout.stream).build();
        long start = System.nanoTime();
        long patienceDeadline = start + options.patience().toNanos();
        long full = 1;
        long backoff = 10;
        boolean retried = false;
        for (;;) {
            if (closedSeen) {
                throw closedForSend();
            }
            Exception failure;
            try {
                // A duplicate after a lost reply is our own earlier attempt; on the first, someone else's.
                return !js.publish(layout.items, body, po).isDuplicate() || retried;
            } catch (JetStreamApiException e) {
                if (e.getApiErrorCode() == 10077) {   // maximum messages exceeded: a full queue
                    if (roomNanos != Long.MAX_VALUE && System.nanoTime() - start >= roomNanos) {
                        return false;
                    }
                    Thread.sleep(full);
                    full = Math.min(20, full * 2);
                    patienceDeadline = System.nanoTime() + options.patience().toNanos();
                    continue;
                }
                failure = e;
            } catch (IOException | IllegalStateException e) {
                if (Patience.isNoResponders(e) && refreshClosed()) {
                    throw closedForSend();
                }
                failure = e;
            }
            if (!Patience.isTransient(failure) || System.nanoTime() - patienceDeadline > 0) {
                throw patience.unavailable("put", failure);
            }
            retried = true;
            Thread.sleep(backoff);
            backoff = Math.min(500, backoff * 2);
        }
    }

    /** @return whether the stream says closed (asks the server; {@code false} if it cannot be asked) */
    private boolean refreshClosed() {
        try {
            StreamInfo info = streamInfo();
            if (info != null) {
                noteState(info.getConfiguration());
            }
        } catch (IOException | JetStreamApiException | IllegalStateException e) {
            // cannot tell now: the caller retries
        }
        return closedSeen;
    }

    private ChannelClosedException closedForSend() {
        return new ChannelClosedException(name(), cancelledSeen, "work queue '" + name() + "' at " + address.serverUrl()
                + " is " + (cancelledSeen ? "cancelled" : "closed") + ": cannot put", cause());
    }

    private Throwable cause() {
        String c = closeCause;
        return c == null ? null : RemoteCause.parse(c);
    }

    // ---------------------------------------------------------------- receiving

    @Override
    public Delivery<T> take() throws InterruptedException {
        return receive(Long.MAX_VALUE, true);
    }

    @Override
    public Delivery<T> poll(Duration timeout) throws InterruptedException {
        return receive(Math.max(0, timeout.toNanos()), false);
    }

    private Delivery<T> receive(long nanos, boolean throwAtEnd) throws InterruptedException {
        Prefetcher<T> p = prefetcher();
        long deadline = nanos == Long.MAX_VALUE ? Long.MAX_VALUE : System.nanoTime() + nanos;
        long slice = Duration.ofMillis(20).toNanos();
        for (;;) {
            if (cancelledSeen) {
                return end(throwAtEnd);
            }
            long left = deadline == Long.MAX_VALUE ? Long.MAX_VALUE : deadline - System.nanoTime();
            NatsDelivery<T> d = p.poll(Math.max(0, Math.min(left, slice)));
            if (d != null) {
                return d;
            }
            if (finished(p)) {
                return end(throwAtEnd);
            }
            if (deadline != Long.MAX_VALUE && deadline - System.nanoTime() <= 0) {
                return null;
            }
            slice = Math.min(slice * 2, Duration.ofMillis(250).toNanos());
        }
    }

    private Delivery<T> end(boolean throwAtEnd) {
        if (!throwAtEnd) {
            return null;
        }
        throw new ChannelClosedException(name(), cancelledSeen, "work queue '" + name() + "' is "
                + (cancelledSeen ? "cancelled" : "closed and finished"), cancelledSeen ? null : cause());
    }

    private Prefetcher<T> prefetcher() {
        Prefetcher<T> p = prefetcher;
        if (p != null) {
            return p;
        }
        startLock.lock();
        try {
            if (prefetcher == null) {
                ConsumerContext cc = patience.retryUninterruptibly("reading the queue",
                        () -> connection.getStreamContext(layout.stream).getConsumerContext(QueueLayout.CONSUMER));
                prefetcher = new Prefetcher<>(this, cc, prefetch, lease);
            }
            return prefetcher;
        } finally {
            startLock.unlock();
        }
    }

    /**
     * Turns a fetched message into a delivery, or dead-letters it: past its deliveries (its workers
     * died) or not decodable. Called by the prefetch thread.
     */
    NatsDelivery<T> received(Message m) {
        long id;
        int count;
        try {
            id = m.metaData().streamSequence();
            count = (int) Math.min(Integer.MAX_VALUE, m.metaData().deliveredCount());
        } catch (RuntimeException notJetStream) {
            return null;   // a status message; jnats handles those
        }
        if (count > maxDeliveries) {
            bury(m, id, count - 1, "delivered " + (count - 1) + " times without being settled"
                    + " (its workers died, hung or lost their leases)");
            return null;
        }
        T item;
        try {
            item = codec.decode(m.getData());
        } catch (RuntimeException bad) {
            bury(m, id, count, "cannot decode the stored item: " + bad.getMessage());
            return null;
        }
        return new NatsDelivery<>(this, m, item, id, count);
    }

    /** @return whether the queue is closed, fenced and has nothing pending anywhere (asks the server) */
    private boolean finished(Prefetcher<T> p) {
        try {
            if (!closedSeen) {
                StreamInfo info = streamInfo();
                if (info == null) {
                    return false;
                }
                noteState(info.getConfiguration());
                if (!closedSeen) {
                    return false;
                }
            }
            if (!fenceSeen) {
                writeFence();
            }
            ConsumerInfo ci = consumerInfo();
            return ci != null && ci.getNumPending() == 0 && ci.getNumAckPending() == 0 && p.isEmpty();
        } catch (IOException | JetStreamApiException | IllegalStateException e) {
            return false;   // cannot tell now: keep waiting, the broker will be back
        }
    }

    // ---------------------------------------------------------------- settling (called by deliveries)

    /** A settlement that jnats sends without waiting for a reply. */
    @FunctionalInterface
    interface Settlement {
        void send();
    }

    void send(Settlement s) {
        try {
            s.send();
        } catch (IllegalStateException closed) {
            throw new WorkQueueUnavailableException("the connection of work queue '" + name() + "' to "
                    + address.serverUrl() + " is closed: " + closed.getMessage(), closed);
        }
    }

    void acked(Message m) {
        send(m::ack);
        long now = System.nanoTime();
        recentAcks.add(new RecentAck(now, m.getReplyTo()));
        for (RecentAck oldest; (oldest = recentAcks.peekFirst()) != null && now - oldest.nanos() > RESEND_WINDOW; ) {
            recentAcks.pollFirst();
        }
    }

    /** After a reconnect: acknowledgements of the last seconds may have died with the old connection. */
    private void connectionEvent(Connection c, ConnectionListener.Events event) {
        if (event == ConnectionListener.Events.RECONNECTED || event == ConnectionListener.Events.RESUBSCRIBED) {
            byte[] ack = "+ACK".getBytes(StandardCharsets.US_ASCII);
            for (RecentAck a : recentAcks) {
                try {
                    c.publish(a.replyTo(), ack);
                } catch (RuntimeException e) {
                    return;
                }
            }
        }
    }

    /** Stores a dead letter (retrying for the patience), then terminates the message. */
    void bury(Message m, long id, int deliveries, String reason) {
        storeDead(id, deliveries, m.getData() == null ? new byte[0] : m.getData(), reason);
        send(m::term);
    }

    // ---------------------------------------------------------------- closing

    @Override
    public void close() {
        closeWith(null);
    }

    @Override
    public void close(Throwable cause) {
        closeWith(RemoteCause.describe(Objects.requireNonNull(cause, "cause")));
    }

    private void closeWith(String cause) {
        patience.retryUninterruptibly("closing the queue", () -> {
            StreamInfo info = streamInfo();
            if (info == null) {
                throw new IOException("stream " + layout.stream + " is missing");
            }
            StreamConfiguration c = info.getConfiguration();
            if (c.getSubjects().contains(layout.items)) {
                // After the close only markers are written, so the limit that bounded the items goes.
                jsm.updateStream(StreamConfiguration.builder(c).subjects(layout.ctl, layout.cancel).maxMessages(-1)
                        .description(QueueLayout.closedDescription(cause)).build());
                closeCause = cause;
            } else {
                noteState(c);
            }
            closedSeen = true;
            writeFence();
            return null;
        });
    }

    /** Writes the fence marker if no process has: one at most, by the expected-last-sequence check. */
    private void writeFence() throws IOException, JetStreamApiException {
        try {
            js.publish(layout.ctl, "closed".getBytes(StandardCharsets.US_ASCII),
                    PublishOptions.builder().expectedLastSubjectSequence(0).expectedStream(layout.stream).build());
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() != 10071) {   // wrong last sequence: the marker is there already
                throw e;
            }
        }
        fenceSeen = true;
    }

    @Override
    public long cancel(Consumer<? super T> undelivered) {
        Objects.requireNonNull(undelivered, "undelivered");
        closeWith(null);
        patience.retryUninterruptibly("cancelling the queue", () -> {
            StreamConfiguration c = jsm.getStreamInfo(layout.stream).getConfiguration();
            if (!QueueLayout.isCancelled(c.getDescription())) {
                jsm.updateStream(StreamConfiguration.builder(c)
                        .description(c.getDescription() + QueueLayout.CANCELLED).build());
            }
            return null;
        });
        cancelledSeen = true;
        // Everything at or below the consumer's ack floor is acknowledged: a message there is a copy
        // a crashed server brought back, not work; it is removed without being handed back.
        long floor = patience.retryUninterruptibly("reading the consumer",
                () -> { ConsumerInfo ci = consumerInfo(); return ci == null ? 0L : ci.getAckFloor().getStreamSequence(); });
        long handed = 0;
        RuntimeException first = null;
        long seq = 1;
        for (;;) {
            long from = seq;
            MessageInfo mi = patience.retryUninterruptibly("reading the queue", () -> nextItem(from));
            if (mi == null) {
                break;
            }
            seq = mi.getSeq() + 1;
            boolean mine = patience.retryUninterruptibly("removing an item", () -> delete(mi.getSeq()));
            if (!mine || mi.getSeq() <= floor) {
                continue;   // another canceller or a late acknowledgement removed it first
            }
            T item;
            try {
                item = codec.decode(mi.getData());
            } catch (RuntimeException bad) {
                storeDead(mi.getSeq(), 0, mi.getData(), "cannot decode the stored item: " + bad.getMessage());
                continue;
            }
            handed++;
            try {
                undelivered.accept(item);
            } catch (RuntimeException failed) {
                if (first == null) {
                    first = failed;
                } else {
                    first.addSuppressed(failed);
                }
            }
        }
        long count = handed;
        patience.retryUninterruptibly("recording the cancel",
                () -> js.publish(layout.cancel, Long.toString(count).getBytes(StandardCharsets.US_ASCII)));
        if (first != null) {
            throw first;
        }
        return handed;
    }

    private MessageInfo nextItem(long from) throws IOException, JetStreamApiException {
        try {
            return jsm.getMessage(layout.stream, MessageGetRequest.nextForSubject(from, layout.items));
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() == 10037) {   // no message found
                return null;
            }
            throw e;
        }
    }

    private boolean delete(long seq) throws IOException, JetStreamApiException {
        try {
            return jsm.deleteMessage(layout.stream, seq, false);
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() == 10057 || e.getApiErrorCode() == 10037) {   // gone already
                return false;
            }
            throw e;
        }
    }

    /** Stores a dead letter, retrying for the patience; its message id makes a second store of one item a no-op. */
    private void storeDead(long id, int deliveries, byte[] body, String reason) {
        Headers h = new Headers();
        h.add(REASON, URLEncoder.encode(reason, StandardCharsets.UTF_8));
        h.add(DELIVERIES, Integer.toString(deliveries));
        h.add(ID, Long.toString(id));
        PublishOptions po = PublishOptions.builder().messageId("dead-" + id).expectedStream(layout.deadStream).build();
        patience.retryUninterruptibly("storing a dead letter", () -> js.publish(layout.dead, h, body, po));
    }

    @Override
    public boolean isClosedForSend() {
        return closedSeen || refreshClosed();
    }

    @Override
    public boolean isClosedForReceive() {
        if (!isClosedForSend()) {
            return false;
        }
        return cancelledSeen || unfinishedTasks() == 0;
    }

    // ---------------------------------------------------------------- task accounting

    @Override
    public long unfinishedTasks() {
        ConsumerInfo ci = patience.retryUninterruptibly("reading the consumer", this::consumerInfo);
        if (cancelledSeen || ci == null) {
            return 0;
        }
        return ci.getNumPending() + ci.getNumAckPending();
    }

    @Override
    public boolean awaitTasks(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + Math.max(0, timeout.toNanos());
        long backoff = 2;
        for (;;) {
            if (unfinishedTasks() == 0) {
                return true;
            }
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            Thread.sleep(Math.min(backoff, Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
            backoff = Math.min(100, backoff * 2);
        }
    }

    /*
     * done is derived: every sequence number of the queue's stream is an item, the fence marker or a
     * cancel record; an item is queued, in flight, dead, handed back by a cancel, or done.
     */
    @Override
    public WorkQueueStats stats() {
        return patience.retryUninterruptibly("reading the queue's counts", () -> {
            ConsumerInfo ci = consumerInfo();
            StreamInfo si = jsm.getStreamInfo(layout.stream, StreamInfoOptions.filterSubjects("conduit." + layout.name + ".*"));
            StreamInfo dead = jsm.getStreamInfo(layout.deadStream);
            Map<String, Long> subjects = si.getStreamState().getSubjectMap();
            long markers = subjects.getOrDefault(layout.ctl, 0L);
            long cancels = subjects.getOrDefault(layout.cancel, 0L);
            long handedBack = 0;
            for (long seq = 1, n = 0; n < cancels; n++) {
                MessageInfo mi = jsm.getMessage(layout.stream, MessageGetRequest.nextForSubject(seq, layout.cancel));
                handedBack += Long.parseLong(new String(mi.getData(), StandardCharsets.US_ASCII));
                seq = mi.getSeq() + 1;
            }
            noteState(si.getConfiguration());
            long queued = cancelledSeen || ci == null ? 0 : ci.getNumPending();
            long inFlight = cancelledSeen || ci == null ? 0 : ci.getNumAckPending();
            long deadCount = dead.getStreamState().getMsgCount();
            long items = si.getStreamState().getLastSequence() - markers - cancels;
            long done = Math.max(0, items - queued - inFlight - deadCount - handedBack);
            return new WorkQueueStats(queued, inFlight, done, deadCount);
        });
    }

    @Override
    public void forEachDeadLetter(Consumer<? super DeadLetter<T>> action) {
        long seq = 1;
        for (;;) {
            long from = seq;
            MessageInfo mi = patience.retryUninterruptibly("reading the dead letters", () -> {
                try {
                    return jsm.getMessage(layout.deadStream, MessageGetRequest.nextForSubject(from, layout.dead));
                } catch (JetStreamApiException e) {
                    if (e.getApiErrorCode() == 10037) {
                        return null;
                    }
                    throw e;
                }
            });
            if (mi == null) {
                return;
            }
            seq = mi.getSeq() + 1;
            Headers h = mi.getHeaders();
            byte[] body = mi.getData() == null ? new byte[0] : mi.getData();
            T item;
            try {
                item = codec.decode(body);
            } catch (RuntimeException bad) {
                item = null;
            }
            String reason = h == null || h.getFirst(REASON) == null ? "(no reason recorded)"
                    : URLDecoder.decode(h.getFirst(REASON), StandardCharsets.UTF_8);
            long id = h == null || h.getFirst(ID) == null ? mi.getSeq() : Long.parseLong(h.getFirst(ID));
            int deliveries = h == null || h.getFirst(DELIVERIES) == null ? 0 : Integer.parseInt(h.getFirst(DELIVERIES));
            action.accept(new DeadLetter<>(id, item, body, reason, deliveries));
        }
    }

    @Override
    public Duration lease() {
        return lease;
    }

    @Override
    public int maxDeliveries() {
        return maxDeliveries;
    }

    // ---------------------------------------------------------------- the handle

    /**
     * Leaves the queue from this handle: stops fetching, hands the prefetched items no taker took
     * back for immediate redelivery, and closes the connection. The queue stays as it is for every
     * other handle. Deliveries taken and not settled keep their leases until these run out. Idempotent.
     */
    public void disconnect() {
        Prefetcher<T> p;
        startLock.lock();
        try {
            p = prefetcher;
            prefetcher = null;
        } finally {
            startLock.unlock();
        }
        if (p != null) {
            ArrayDeque<NatsDelivery<T>> left = new ArrayDeque<>(p.stop());
            for (NatsDelivery<T> d : left) {
                try {
                    d.message.nak();
                } catch (RuntimeException e) {
                    break;   // connection gone: their leases will run out
                }
            }
        }
        closeQuietly();
    }

    private void closeQuietly() {
        try {
            connection.flush(Duration.ofMillis(500));
        } catch (Exception e) {
            // best effort
        }
        try {
            connection.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Describes the state of the connection to the broker.
     *
     * @return the connection's status, for diagnostics
     */
    public String connectionStatus() {
        return connection.getStatus().name();
    }

    @Override
    public String toString() {
        return "NatsWorkQueue[" + address + "]";
    }
}
