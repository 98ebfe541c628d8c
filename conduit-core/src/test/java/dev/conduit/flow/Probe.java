package dev.conduit.flow;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

import static org.awaitility.Awaitility.await;

/**
 * A test subscriber that records every signal, checks the order rules as it goes (onSubscribe
 * first and once, nothing after the end, never two signals at once), and requests either on
 * command or by itself: {@code batch} more each time it has received the last batch.
 */
class Probe<T> implements Flow.Subscriber<T> {
    static final Duration PATIENCE = Duration.ofSeconds(60);

    final List<T> items = Collections.synchronizedList(new ArrayList<>());
    final AtomicReference<Throwable> error = new AtomicReference<>();
    final CountDownLatch subscribed = new CountDownLatch(1);
    final CountDownLatch ended = new CountDownLatch(1);
    final List<String> violations = Collections.synchronizedList(new ArrayList<>());
    volatile boolean completed;
    volatile Flow.Subscription subscription;
    volatile Thread signalThread;
    private final AtomicInteger inSignal = new AtomicInteger();
    private final LongSupplier batch;
    private long leftInBatch;

    /** A probe that requests only when told to. */
    Probe() {
        this(null);
    }

    /** A probe that requests {@code batch.getAsLong()} at subscription and whenever it has got them all. */
    Probe(LongSupplier batch) {
        this.batch = batch;
    }

    private void enter(String what) {
        if (inSignal.getAndIncrement() != 0) {
            violations.add(what + " while another signal was running");
        }
        if (ended.getCount() == 0) {
            violations.add(what + " after the end");
        }
        signalThread = Thread.currentThread();
    }

    private void leave() {
        inSignal.decrementAndGet();
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        enter("onSubscribe");
        try {
            if (subscription != null) {
                violations.add("second onSubscribe");
            }
            subscription = s;
            subscribed.countDown();
            if (batch != null) {
                leftInBatch = batch.getAsLong();
                s.request(leftInBatch);
            }
        } finally {
            leave();
        }
    }

    @Override
    public void onNext(T item) {
        enter("onNext(" + item + ")");
        try {
            if (subscription == null) {
                violations.add("onNext before onSubscribe");
            }
            items.add(item);
            if (batch != null && --leftInBatch == 0) {
                leftInBatch = batch.getAsLong();
                subscription.request(leftInBatch);
            }
        } finally {
            leave();
        }
    }

    @Override
    public void onError(Throwable t) {
        enter("onError");
        try {
            error.set(t);
        } finally {
            leave();
            ended.countDown();
        }
    }

    @Override
    public void onComplete() {
        enter("onComplete");
        try {
            completed = true;
        } finally {
            leave();
            ended.countDown();
        }
    }

    Flow.Subscription awaitSubscription() throws InterruptedException {
        if (!subscribed.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("no onSubscribe within " + PATIENCE);
        }
        return subscription;
    }

    void request(long n) throws InterruptedException {
        awaitSubscription().request(n);
    }

    void awaitItems(int n) {
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(1)).until(() -> items.size() >= n);
    }

    void awaitEnd() throws InterruptedException {
        if (!ended.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("no onComplete or onError within " + PATIENCE + "; got " + items.size() + " items");
        }
    }

    List<T> snapshot() {
        synchronized (items) {
            return new ArrayList<>(items);
        }
    }
}
