package dev.conduit.flow;

import dev.conduit.channel.Channel;
import dev.conduit.channel.ChannelClosedException;
import org.reactivestreams.tck.TestEnvironment;
import org.reactivestreams.tck.flow.FlowPublisherVerification;
import org.testng.annotations.AfterMethod;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;

/**
 * The Reactive Streams TCK's publisher verification of {@link ChannelPublisher}, a TestNG class
 * run on the JUnit Platform by the TestNG engine in every {@code mvn verify} (surefire counts its
 * tests with the others: about 40, of which the skipped ones are listed below).
 *
 * <p>Each publisher under test reads a channel of capacity 16 that a virtual thread fills with
 * the requested number of elements and then closes; for the "infinite" sizes the TCK asks for
 * ({@code Long.MAX_VALUE - 1}, {@code Integer.MAX_VALUE}) the thread keeps putting until the test
 * ends and cancels the channel. The failed publisher reads a channel closed with a cause.
 *
 * <p>What the TCK reports as skipped, and why (the same list is in {@link ChannelPublisher}'s
 * Javadoc):
 * <ul>
 *   <li>{@code optional_spec111_multicast_mustProduceTheSameElementsInTheSameSequenceToAllOfItsSubscribers...}
 *       (three tests): optional; they want every subscriber to get every element. Subscribers of
 *       a channel compete for its items instead, each item going to one of them, so these fail and
 *       the TCK marks them skipped, as it does for any optional rule a publisher does not offer.</li>
 *   <li>{@code untested_spec106}, {@code 107} (errors), {@code 108}, {@code 109} (must not throw),
 *       {@code 110}, {@code 304}, {@code 305}: the TCK has no test for them and always skips.</li>
 * </ul>
 * Every {@code required_...} and {@code stochastic_...} test must pass, and so must the optional
 * {@code spec104} (failed publisher signals onError), {@code spec105} (empty stream completes),
 * {@code spec111_maySupportMultiSubscribe}, {@code spec111_registeredSubscribersMustReceive...}
 * and {@code spec309} (the message names rule 3.9).
 */
public class ChannelPublisherTckTest extends FlowPublisherVerification<Integer> {
    /** Channels made for one test method; cancelled after it, which ends their filling threads. */
    private final List<Channel<Integer>> made = new CopyOnWriteArrayList<>();
    /** The subscriptions' threads of one test method, waited for after it. */
    private final List<Thread> serving = new CopyOnWriteArrayList<>();

    public ChannelPublisherTckTest() {
        // 1 s for signals that must come (a loaded 2-CPU machine), 100 ms to show that none comes.
        super(new TestEnvironment(1_000, 100), 300);
    }

    @Override
    public Flow.Publisher<Integer> createFlowPublisher(long elements) {
        Channel<Integer> channel = Channel.<Integer>builder().name("tck-" + elements).capacity(16).build();
        made.add(channel);
        Thread.ofVirtual().name("tck-filler-" + elements).start(() -> {
            try {
                for (long i = 0; i < elements; i++) {
                    channel.put((int) i);
                }
                channel.close();
            } catch (ChannelClosedException | InterruptedException testOver) {
                // cancelled after the test: the rest of an "infinite" stream is not wanted
            }
        });
        return ChannelPublisher.of(channel, this::servingThread);
    }

    private Thread servingThread(Runnable subscription) {
        Thread t = Thread.ofVirtual().name("tck-subscription").unstarted(subscription);
        serving.add(t);
        return t;
    }

    @Override
    public Flow.Publisher<Integer> createFailedFlowPublisher() {
        Channel<Integer> channel = Channel.bounded(4);
        channel.close(new IllegalStateException("the source failed"));
        return ChannelPublisher.of(channel);
    }

    /**
     * Cancels the test's channels and waits for its subscriptions to end. A test that leaves
     * subscribers with demand (the multicast ones, which fail here by design) would otherwise get
     * their {@code onError} for the cancelled channel late, as an "async error" of the next test.
     */
    @AfterMethod
    public void cancelChannels() throws InterruptedException {
        for (Channel<Integer> c : made) {
            c.cancel();
        }
        made.clear();
        for (Thread t : serving) {
            t.join(10_000);
            if (t.isAlive()) {
                throw new AssertionError("a subscription's thread did not end after its channel was cancelled: " + t);
            }
        }
        serving.clear();
    }
}
