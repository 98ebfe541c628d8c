package dev.conduit.pipeline;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

class PipelineCancelTest {

    /**
     * Live platform threads, less the JDK's virtual-thread carriers (a shared daemon ForkJoinPool
     * that the JDK keeps for the life of the JVM once any virtual thread ran; not ours to end).
     */
    static Set<String> platformThreads() throws InterruptedException {
        // Let the JDK start its virtual-thread machinery (carrier pool, timer "unblocker") first:
        // it lives as long as the JVM and is not the pipeline's to end.
        Thread.ofVirtual().start(() -> LockSupport.parkNanos(1_000_000)).join();
        Set<String> names = new HashSet<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (!t.isVirtual() && !(t.isDaemon() && t.getName().startsWith("ForkJoinPool-"))) {
                names.add(t.getName() + "#" + t.threadId());
            }
        }
        return names;
    }

    private static Set<String> pipelineThreads(String pipeline) {
        Set<String> names = new HashSet<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith(pipeline + "-")) {
                names.add(t.getName());
            }
        }
        return names;
    }

    /**
     * Cancel in the middle of a busy run: every item the source emitted is consumed or reported as
     * not processed, exactly once; the run's threads are all gone.
     */
    @ParameterizedTest(name = "workers per stage {0}")
    @ValueSource(ints = {1, 2})
    void cancelMidRunAccountsForEveryItemAndLeavesNoThread(int workers) throws Exception {
        Set<String> platformBefore = platformThreads();
        ConcurrentLinkedQueue<Long> sunk = new ConcurrentLinkedQueue<>();
        CountDownLatch someArrived = new CountDownLatch(50);

        RunningPipeline<Void> running = Pipeline.from(LongStream.range(0, 10_000_000).boxed())
                .name("cancelme")
                .map("a", workers + 1, x -> x).buffer(32)
                .map("b", workers, x -> {
                    Thread.sleep(0, 100_000);
                    return x;
                }).buffer(32)
                .to("sink", workers, x -> {
                    sunk.add(x);
                    someArrived.countDown();
                })
                .start();
        assertThat(someArrived.await(30, TimeUnit.SECONDS)).isTrue();

        assertThat(running.cancel()).isTrue();
        assertThat(running.cancel()).isFalse();
        PipelineResult<Void> result = running.await(Duration.ofSeconds(30));

        assertThat(result.status()).isEqualTo(PipelineStatus.CANCELLED);
        // The source's "in" counts the items it read; one it held when cancelled is reported too.
        long emitted = result.stats().stage("source").in();
        assertThat(emitted).isLessThan(10_000_000);
        Set<Long> seen = new HashSet<>(sunk);
        assertThat(seen).hasSize(sunk.size());
        for (NotProcessed np : result.notProcessed()) {
            assertThat(seen.add((Long) np.item())).as("item %s reported twice", np.item()).isTrue();
        }
        assertThat((long) seen.size()).as("consumed + not processed == emitted").isEqualTo(emitted);
        assertThat(seen).allMatch(x -> x < emitted);
        // Where each one was: in a channel between stages or in a worker's hands. (Whether any
        // channel still held items at the moment of cancel is timing, not contract.)
        assertThat(result.notProcessed()).extracting(NotProcessed::where)
                .allMatch(w -> w.startsWith("channel '") || w.startsWith("worker '"));

        assertThat(pipelineThreads("cancelme")).isEmpty();
        await().pollInSameThread().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(platformThreads()).isSubsetOf(platformBefore));
    }

    @Test
    void timeoutStopsAStuckRunAndReportsTheStuckItems() {
        CountDownLatch never = new CountDownLatch(1);
        Set<Thread> workers = java.util.concurrent.ConcurrentHashMap.newKeySet();
        PipelineFailedException e = catchThrowableOfType(PipelineFailedException.class, () ->
                Pipeline.from(List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10))
                        .name("stuck")
                        .map("wait-forever", 2, x -> {
                            workers.add(Thread.currentThread());
                            never.await();
                            return x;
                        }).virtualThreads()
                        .timeout(Duration.ofMillis(300))
                        .run());

        PipelineResult<?> result = e.result();
        assertThat(result.status()).isEqualTo(PipelineStatus.TIMED_OUT);
        assertThat(e).hasMessageContaining("timed out");
        // 10 items: 2 held by the workers, the rest in the channel (or still with the source).
        long emitted = result.stats().stage("source").in();
        assertThat(result.notProcessed()).hasSize((int) emitted);
        assertThat(result.notProcessed()).extracting(NotProcessed::where)
                .filteredOn(w -> w.startsWith("worker")).hasSize(2);
        assertThat(pipelineThreads("stuck")).isEmpty();
        assertThat(workers).hasSize(2).allMatch(Thread::isVirtual).noneMatch(Thread::isAlive);
    }

    @Test
    void interruptingRunCancelsThePipeline() throws Exception {
        AtomicLong started = new AtomicLong();
        CountDownLatch running = new CountDownLatch(1);
        Thread caller = Thread.ofPlatform().start(() -> {
            try {
                Pipeline.generate(() -> 1).name("interrupted").map("slow", 1, x -> {
                    started.incrementAndGet();
                    running.countDown();
                    Thread.sleep(60_000);
                    return x;
                }).run();
            } catch (InterruptedException expected) {
                Thread.currentThread().interrupt();
            }
        });
        assertThat(running.await(30, TimeUnit.SECONDS)).isTrue();
        caller.interrupt();
        caller.join(30_000);
        assertThat(caller.isAlive()).isFalse();
        await().pollInSameThread().atMost(Duration.ofSeconds(30)).until(() -> pipelineThreads("interrupted").isEmpty());
        assertThat(started.get()).isEqualTo(1);
    }

    /** The user's channels stay theirs: a cancel neither empties the input nor drops the output. */
    @Test
    void cancelLeavesTheUsersChannelsTheirItems() throws Exception {
        dev.conduit.channel.Channel<Integer> input = dev.conduit.channel.Channel.bounded(100);
        for (int i = 0; i < 100; i++) {
            input.put(i);
        }
        dev.conduit.channel.Channel<Integer> output = dev.conduit.channel.Channel.bounded(3);
        RunningPipeline<Void> running = Pipeline.from(input).name("channels").buffer(2)
                .map("id", 1, x -> x).into(output).start();
        await().pollInSameThread().atMost(Duration.ofSeconds(30)).until(output::isFull);

        running.cancel();
        PipelineResult<Void> result = running.await(Duration.ofSeconds(30));

        assertThat(result.status()).isEqualTo(PipelineStatus.CANCELLED);
        assertThat(output.isClosedForSend()).isTrue();
        List<Integer> delivered = new java.util.ArrayList<>();
        output.drainTo(delivered, 10);
        assertThat(delivered).containsExactly(0, 1, 2);
        List<Integer> left = new java.util.ArrayList<>();
        input.drainTo(left, 200);
        long taken = result.stats().stage("source").in();
        assertThat(left).hasSize(100 - (int) taken);
        assertThat(delivered.size() + result.notProcessed().size()).isEqualTo((int) taken);
        assertThatThrownBy(output::take).isInstanceOf(dev.conduit.channel.ChannelClosedException.class)
                .hasCauseInstanceOf(java.util.concurrent.CancellationException.class);
    }
}
