package dev.conduit.channel;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The select contract: which clause fires, what moves, closing, timeouts, interrupts, errors. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SelectTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    // ---------------------------------------------------------------- which clause fires

    @Test
    void takesFromTheOneReadyChannelAndLeavesTheOthersAlone() throws Exception {
        Channel<String> a = Channel.bounded(4);
        Channel<String> b = Channel.bounded(4);
        Channel<String> c = Channel.bounded(1);
        b.put("from b");
        c.put("c is full");
        String r = Select.<String>create()
                .onTake(a, x -> "a:" + x)
                .onTake(b, x -> "b:" + x)
                .onPut(c, "more", () -> "put c")
                .await();
        assertThat(r).isEqualTo("b:from b");
        assertThat(a.size()).isZero();
        assertThat(b.size()).isZero();
        assertThat(c.poll()).isEqualTo("c is full");
    }

    @Test
    void putsIntoTheOneChannelWithRoom() throws Exception {
        Channel<Integer> full = Channel.bounded(1);
        Channel<Integer> roomy = Channel.bounded(1);
        full.put(0);
        String r = Select.<String>create()
                .onPut(full, 1, () -> "full")
                .onPut(roomy, 2, () -> "roomy")
                .await();
        assertThat(r).isEqualTo("roomy");
        assertThat(full.poll()).isZero();
        assertThat(roomy.poll()).isEqualTo(2);
        assertThat(full.isEmpty()).isTrue();
    }

    @Test
    void inOrderPrefersTheFirstReadyClause() throws Exception {
        Channel<Integer> first = Channel.unbounded();
        Channel<Integer> second = Channel.unbounded();
        for (int i = 0; i < 100; i++) {
            first.put(i);
            second.put(i);
        }
        Select<String> select = Select.<String>create()
                .onTake(first, x -> "first")
                .onTake(second, x -> "second")
                .inOrder();
        for (int i = 0; i < 100; i++) {
            assertThat(select.await()).isEqualTo("first"); // the same select, awaited again and again
        }
        assertThat(select.await()).isEqualTo("second");
        assertThat(select).hasToString("Select[2 clauses, in order]");
    }

    @Test
    void orElseFiresWhenNothingIsReadyAndMovesNothing() throws Exception {
        Channel<Integer> empty = Channel.bounded(2);
        Channel<Integer> full = Channel.bounded(1);
        full.put(7);
        String r = Select.<String>create()
                .onTake(empty, x -> "took")
                .onPut(full, 8, () -> "put")
                .orElse(() -> "nothing")
                .await();
        assertThat(r).isEqualTo("nothing");
        assertThat(full.poll()).isEqualTo(7);
        assertThat(full.poll()).isNull();
        assertThat(Select.<String>create().orElse(() -> "only").await()).isEqualTo("only");
    }

    @Test
    void onTimeoutFiresOnlyAfterTheTimeout() throws Exception {
        Channel<Integer> empty = Channel.bounded(2);
        long start = System.nanoTime();
        String r = Select.<String>create()
                .onTake(empty, x -> "took")
                .onTimeout(Duration.ofMillis(50), () -> "timeout")
                .await();
        assertThat(r).isEqualTo("timeout");
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(50));
        assertThat(Select.<String>create().onTake(empty, x -> "took").onTimeout(Duration.ZERO, () -> "now").await())
                .isEqualTo("now");
        assertThat(Select.<String>create().onTimeout(Duration.ofMillis(1), () -> "only").await()).isEqualTo("only");

        empty.put(5);
        assertThat(Select.<String>create().onTake(empty, x -> "took " + x).onTimeout(Duration.ZERO, () -> "now").await())
                .isEqualTo("took 5"); // a ready clause wins over an expired timeout
    }

    // ---------------------------------------------------------------- waiting and waking

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.conduit.channel.ChannelKinds#kinds")
    void aWaitingSelectWakesWhenAnItemArrives(ChannelKind kind) throws Exception {
        Channel<Integer> quiet = kind.create();
        Channel<Integer> busy = kind.create();
        AtomicReference<String> got = new AtomicReference<>();
        Thread selector = Thread.ofVirtual().start(() -> {
            try {
                got.set(Select.<String>create()
                        .onTake(quiet, x -> "quiet " + x)
                        .onTake(busy, x -> "busy " + x)
                        .await());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        await().atMost(PATIENCE).until(() -> selector.getState() == Thread.State.WAITING);
        busy.put(42); // for rendezvous: completes only because the select takes it
        selector.join();
        assertThat(got.get()).isEqualTo("busy 42");
        assertThat(quiet.poll()).isNull();
    }

    @Test
    void aWaitingOnPutWakesWhenRoomAppears() throws Exception {
        Channel<Integer> full = Channel.bounded(1);
        full.put(1);
        AtomicReference<String> got = new AtomicReference<>();
        Thread selector = Thread.ofPlatform().start(() -> {
            try {
                got.set(Select.<String>create().onPut(full, 2, () -> "put 2").await());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        await().atMost(PATIENCE).until(() -> selector.getState() == Thread.State.WAITING);
        assertThat(full.take()).isEqualTo(1);
        selector.join();
        assertThat(got.get()).isEqualTo("put 2");
        assertThat(full.poll()).isEqualTo(2);
    }

    @Test
    void rendezvousOnTakeMeetsABlockedSenderAndOnPutABlockedReceiver() throws Exception {
        Channel<String> rv = Channel.rendezvous();
        // a sender blocked first, the select comes second
        Thread sender = Thread.ofVirtual().start(() -> {
            try {
                rv.put("hello");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        await().atMost(PATIENCE).until(() -> sender.getState() == Thread.State.WAITING);
        assertThat(Select.<String>create().onTake(rv, x -> x).await()).isEqualTo("hello");
        sender.join();

        // a receiver blocked first, the select comes second
        AtomicReference<String> received = new AtomicReference<>();
        Thread receiver = Thread.ofVirtual().start(() -> {
            try {
                received.set(rv.take());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        await().atMost(PATIENCE).until(() -> receiver.getState() == Thread.State.WAITING);
        assertThat(Select.<String>create().onPut(rv, "world", () -> "sent").await()).isEqualTo("sent");
        receiver.join();
        assertThat(received.get()).isEqualTo("world");

        // the select waits first; a receiver arriving later lets its onPut through
        AtomicReference<String> outcome = new AtomicReference<>();
        Thread selector = Thread.ofVirtual().start(() -> {
            try {
                outcome.set(Select.<String>create().onPut(rv, "late", () -> "sent late").await());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        await().atMost(PATIENCE).until(() -> selector.getState() == Thread.State.WAITING);
        assertThat(rv.take()).isEqualTo("late");
        selector.join();
        assertThat(outcome.get()).isEqualTo("sent late");
    }

    @Test
    void anInterruptedSelectThrowsAndMovesNothing() throws Exception {
        Channel<Integer> a = Channel.bounded(2);
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread selector = Thread.ofVirtual().start(() -> {
            try {
                Select.<String>create().onTake(a, x -> "took").await();
            } catch (Throwable e) {
                thrown.set(e);
            }
        });
        await().atMost(PATIENCE).until(() -> selector.getState() == Thread.State.WAITING);
        selector.interrupt();
        selector.join();
        assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
        a.put(1);
        assertThat(a.poll()).isEqualTo(1);

        a.put(2);
        Thread.currentThread().interrupt();
        assertThatThrownBy(() -> Select.<String>create().onTake(a, x -> "took").await())
                .isInstanceOf(InterruptedException.class); // interrupted before: even a ready clause does not fire
        assertThat(a.poll()).isEqualTo(2);
    }

    // ---------------------------------------------------------------- closing

    @Test
    void onClosedFiresOnceTheChannelIsClosedAndDrained() throws Exception {
        Channel<Integer> ch = Channel.bounded(2);
        ch.put(1);
        ch.close();
        Select<String> select = Select.<String>create()
                .onTake(ch, x -> "item " + x)
                .onClosed(ch, () -> "closed");
        assertThat(select.await()).isEqualTo("item 1");
        assertThat(select.await()).isEqualTo("closed");
        assertThat(select.await()).isEqualTo("closed");
    }

    @Test
    void aClosedAndDrainedOnTakeWithoutOnClosedThrowsTheChannelsException() throws Exception {
        Channel<Integer> graceful = Channel.<Integer>builder().name("graceful").capacity(1).build();
        graceful.close();
        assertThatThrownBy(() -> Select.<String>create().onTake(graceful, x -> "x").await())
                .isInstanceOfSatisfying(ChannelClosedException.class, e -> {
                    assertThat(e.channelName()).isEqualTo("graceful");
                    assertThat(e.wasCancelled()).isFalse();
                });

        Channel<Integer> failed = Channel.bounded(1);
        IllegalStateException cause = new IllegalStateException("producer died");
        failed.close(cause);
        assertThatThrownBy(() -> Select.<String>create().onTake(failed, x -> "x").await())
                .isInstanceOf(ChannelClosedException.class).cause().isSameAs(cause);

        Channel<Integer> cancelled = Channel.bounded(1);
        cancelled.put(1);
        cancelled.cancel();
        assertThatThrownBy(() -> Select.<String>create().onTake(cancelled, x -> "x").await())
                .isInstanceOfSatisfying(ChannelClosedException.class, e -> assertThat(e.wasCancelled()).isTrue());
    }

    @Test
    void anOnPutToAClosedChannelThrowsOrFiresOnClosed() throws Exception {
        Channel<Integer> ch = Channel.bounded(4);
        ch.put(1);
        ch.close(); // closed for sending, not yet drained
        assertThatThrownBy(() -> Select.<String>create().onPut(ch, 2, () -> "put").await())
                .isInstanceOf(ChannelClosedException.class);
        assertThat(Select.<String>create().onPut(ch, 2, () -> "put").onClosed(ch, () -> "closed").await())
                .isEqualTo("closed");
        assertThat(ch.poll()).isEqualTo(1);
        assertThat(ch.poll()).isNull();
    }

    @Test
    void closingAChannelWakesAWaitingSelect() throws Exception {
        Channel<Integer> a = Channel.bounded(2);
        Channel<Integer> b = Channel.rendezvous();
        AtomicReference<String> got = new AtomicReference<>();
        Thread selector = Thread.ofVirtual().start(() -> {
            try {
                got.set(Select.<String>create()
                        .onTake(a, x -> "a")
                        .onTake(b, x -> "b")
                        .onClosed(b, () -> "b closed")
                        .await());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        await().atMost(PATIENCE).until(() -> selector.getState() == Thread.State.WAITING);
        b.close();
        selector.join();
        assertThat(got.get()).isEqualTo("b closed");
    }

    // ---------------------------------------------------------------- errors

    @Test
    void anActionsExceptionComesOutOfAwaitAfterItsItemMoved() throws Exception {
        Channel<Integer> ch = Channel.bounded(2);
        ch.put(1);
        assertThatThrownBy(() -> Select.<String>create().onTake(ch, x -> {
            throw new IllegalArgumentException("cannot handle " + x);
        }).await()).hasMessage("cannot handle 1");
        assertThat(ch.isEmpty()).isTrue(); // the item was delivered to the action, which failed
    }

    @Test
    void badClausesAreRejectedWithClearMessages() {
        Channel<Integer> ch = Channel.<Integer>builder().name("orders").capacity(1).build();
        assertThatThrownBy(() -> Select.<String>create().onPut(ch, null, () -> "x"))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("orders");
        assertThatThrownBy(() -> Select.<String>create().onTake(null, x -> "x")).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> Select.<String>create().onTake(ch, null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> Select.<String>create().onTimeout(Duration.ZERO, () -> "a").onTimeout(Duration.ZERO, () -> "b"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("timeout");
        assertThatThrownBy(() -> Select.<String>create().orElse(() -> "a").onTimeout(Duration.ZERO, () -> "b"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("orElse");
        assertThatThrownBy(() -> Select.<String>create().onClosed(ch, () -> "a").onClosed(ch, () -> "b"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("orders");
        assertThatThrownBy(() -> Select.<String>create().await())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("no clauses");

        @SuppressWarnings("unchecked")
        Channel<Integer> foreign = (Channel<Integer>) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {Channel.class}, (proxy, method, args) -> null);
        assertThatThrownBy(() -> Select.<String>create().onTake(foreign, x -> "x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Channel.builder()");
    }
}
