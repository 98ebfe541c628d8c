package dev.conduit.pool;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WorkerPoolTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    // ---------------------------------------------------------------- results and failures

    @Test
    void joinReturnsTheResultAndRethrowsTheTasksOwnFailure() throws Exception {
        try (WorkerPool pool = WorkerPool.builder().name("results").platformThreads(2).build()) {
            Task<Integer> ok = pool.submit(() -> 6 * 7);
            IllegalStateException boom = new IllegalStateException("boom");
            Task<Object> unchecked = pool.submit(() -> {
                throw boom;
            });
            Task<Object> checked = pool.submit(() -> {
                throw new IOException("disk gone");
            });
            Task<Object> error = pool.submit(() -> {
                throw new AssertionError("bad");
            });

            assertThat(ok.join()).isEqualTo(42);
            assertThatThrownBy(unchecked::join).isSameAs(boom);
            assertThatThrownBy(checked::join).isInstanceOf(TaskFailedException.class)
                    .cause().isInstanceOf(IOException.class).hasMessage("disk gone");
            assertThatThrownBy(error::join).isInstanceOf(AssertionError.class).hasMessage("bad");
            assertThatThrownBy(() -> unchecked.get()).isInstanceOf(ExecutionException.class).cause().isSameAs(boom);
        } // every failure was observed: close() does not throw
    }

    @Test
    void closeThrowsEveryFailureNobodyObserved() throws Exception {
        WorkerPool pool = WorkerPool.builder().name("unobserved").platformThreads(2).build();
        Task<Object> seen = pool.submit(() -> {
            throw new IllegalStateException("seen");
        });
        pool.submit(() -> {
            throw new IllegalStateException("unseen-1");
        });
        pool.execute(() -> {
            throw new IllegalArgumentException("unseen-2 (execute has no handle)");
        });
        Task<Object> checked = pool.submit(() -> {
            throw new IOException("unseen-3");
        });
        assertThatThrownBy(seen::join).hasMessage("seen");
        pool.awaitIdle();
        assertThat(checked.state()).isEqualTo(java.util.concurrent.Future.State.FAILED); // state() does not observe

        assertThatThrownBy(pool::close)
                .isInstanceOfSatisfying(UnobservedTaskFailuresException.class, e -> {
                    assertThat(e.failures()).extracting(Throwable::getMessage).containsExactlyInAnyOrder(
                            "unseen-1", "unseen-2 (execute has no handle)", "unseen-3");
                    assertThat(e.getSuppressed()).hasSize(2);
                    assertThat(e.failures()).contains(e.getCause());
                    assertThat(e.getMessage()).contains("unobserved", "3 task failure(s)");
                });
        assertThat(pool.isTerminated()).isTrue();
        pool.close(); // reported once; a second close is quiet
    }

    @Test
    void observedFailuresAreForgottenAndOnlyTheUnobservedOneIsReported() throws Exception {
        WorkerPool pool = WorkerPool.builder().platformThreads(2).queueCapacity(16).build();
        for (int i = 0; i < 1000; i++) {
            int n = i;
            Task<Object> t = pool.submit(() -> {
                throw new IllegalStateException("observed " + n);
            });
            assertThatThrownBy(t::join).hasMessage("observed " + n);
        }
        pool.submit(() -> {
            throw new IllegalStateException("the one nobody saw");
        });
        assertThatThrownBy(pool::close).isInstanceOfSatisfying(UnobservedTaskFailuresException.class,
                e -> assertThat(e.failures()).extracting(Throwable::getMessage).containsExactly("the one nobody saw"));
    }

    @Test
    void anErrorHandlerReceivesEveryFailureAndCloseStaysQuiet() throws Exception {
        List<Throwable> handled = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (WorkerPool pool = WorkerPool.builder().name("handled").platformThreads(3).errorHandler(handled::add).build()) {
            for (int i = 0; i < 20; i++) {
                int n = i;
                pool.submit(() -> {
                    if (n % 4 == 0) {
                        throw new IllegalStateException("task " + n);
                    }
                    return n;
                });
            }
            pool.awaitIdle(); // returns only after the handler has seen each failure
            assertThat(handled).extracting(Throwable::getMessage)
                    .containsExactlyInAnyOrder("task 0", "task 4", "task 8", "task 12", "task 16");
        }
    }

    @Test
    void aFailingErrorHandlerIsReportedByClose() {
        WorkerPool pool = WorkerPool.builder().platformThreads(1).errorHandler(t -> {
            throw new IllegalStateException("handler broke");
        }).build();
        pool.submit(() -> {
            throw new IllegalArgumentException("task broke");
        });
        assertThatThrownBy(pool::close).isInstanceOfSatisfying(UnobservedTaskFailuresException.class, e -> {
            assertThat(e.getCause()).hasMessage("handler broke");
            assertThat(e.getCause().getSuppressed()).extracting(Throwable::getMessage).containsExactly("task broke");
        });
    }

    // ---------------------------------------------------------------- backpressure

    @Test
    void aFullQueueBlocksTheSubmitterUntilAWorkerMakesRoom() throws Exception {
        try (WorkerPool pool = WorkerPool.builder().name("backpressure").platformThreads(1).queueCapacity(2).build()) {
            CountDownLatch running = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            pool.submit(() -> {
                running.countDown();
                release.await();
                return null;
            });
            running.await(); // the only worker is busy
            pool.submit(() -> 1);
            pool.submit(() -> 2); // the queue is now full
            assertThat(pool.queued()).isEqualTo(2);

            CountDownLatch submitting = new CountDownLatch(1);
            CountDownLatch submitted = new CountDownLatch(1);
            AtomicReference<Task<Integer>> third = new AtomicReference<>();
            Thread submitter = Thread.ofPlatform().start(() -> {
                submitting.countDown();
                third.set(pool.submit(() -> 3));
                submitted.countDown();
            });
            submitting.await();
            // The submitter parks inside submit() and stays there while the worker is held.
            await().atMost(PATIENCE).until(() -> submitter.getState() == Thread.State.WAITING);
            assertThat(submitted.getCount()).isEqualTo(1);
            assertThat(pool.queued()).isEqualTo(2);

            release.countDown(); // the worker moves on, room appears, the submitter gets in
            assertThat(submitted.await(30, TimeUnit.SECONDS)).isTrue();
            assertThat(third.get().join()).isEqualTo(3);
            submitter.join();
        }
    }

    @Test
    void anInterruptWhileBlockedInSubmitRejectsTheTaskAndKeepsTheInterrupt() throws Exception {
        try (WorkerPool pool = WorkerPool.builder().platformThreads(1).queueCapacity(1).build()) {
            CountDownLatch running = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            pool.submit(() -> {
                running.countDown();
                release.await();
                return null;
            });
            running.await();
            pool.submit(() -> "queued");

            AtomicReference<Throwable> thrown = new AtomicReference<>();
            AtomicBoolean stillInterrupted = new AtomicBoolean();
            AtomicBoolean rejectedRan = new AtomicBoolean();
            Thread submitter = Thread.ofVirtual().start(() -> {
                try {
                    pool.submit(() -> rejectedRan.getAndSet(true));
                } catch (Throwable t) {
                    thrown.set(t);
                    stillInterrupted.set(Thread.currentThread().isInterrupted());
                }
            });
            await().atMost(PATIENCE).until(() -> submitter.getState() == Thread.State.WAITING);
            submitter.interrupt();
            submitter.join();

            assertThat(thrown.get()).isInstanceOf(RejectedExecutionException.class)
                    .cause().isInstanceOf(InterruptedException.class);
            assertThat(stillInterrupted).isTrue();
            release.countDown();
            pool.awaitIdle();
            assertThat(rejectedRan).isFalse();
            assertThat(pool.queued()).isZero();
        }
    }

    @Test
    void aRendezvousQueueHandsEachTaskStraightToAWorker() throws Exception {
        try (WorkerPool pool = WorkerPool.builder().platformThreads(2).queueCapacity(0).build()) {
            List<Integer> out = pool.map(IntStream.range(0, 200).boxed().toList(), i -> i + 1);
            assertThat(out).isEqualTo(IntStream.range(1, 201).boxed().toList());
        }
    }

    // ---------------------------------------------------------------- stopping

    @Test
    void shutdownNowReturnsExactlyTheTasksThatNeverStarted() throws Exception {
        WorkerPool pool = WorkerPool.builder().name("stop").platformThreads(3).queueCapacity(64).build();
        Set<Integer> started = ConcurrentHashMap.newKeySet();
        Map<Object, Integer> accepted = new ConcurrentHashMap<>();
        CountDownLatch enoughStarted = new CountDownLatch(500);

        Thread submitter = Thread.ofPlatform().start(() -> {
            for (int i = 0; ; i++) {
                int id = i;
                try {
                    Task<?> handle = pool.submit(() -> {
                        started.add(id);
                        enoughStarted.countDown();
                    });
                    accepted.put(handle, id);
                } catch (RejectedExecutionException shutDown) {
                    return;
                }
            }
        });
        enoughStarted.await();
        List<Runnable> unstarted = pool.shutdownNow();
        submitter.join();
        assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

        Set<Integer> returned = new HashSet<>();
        for (Runnable handle : unstarted) {
            assertThat(accepted).containsKey(handle); // the pool hands back the very handles submit returned
            returned.add(accepted.get(handle));
        }
        assertThat(returned).hasSize(unstarted.size());
        assertThat(returned).doesNotContainAnyElementsOf(started);
        Set<Integer> all = new HashSet<>(started);
        all.addAll(returned);
        assertThat(all).isEqualTo(new HashSet<>(accepted.values())); // every accepted task: ran or returned
        assertThat(started.size()).isGreaterThanOrEqualTo(500);
        pool.close();
    }

    @Test
    void shutdownNowInterruptsRunningTasksAndHandsBackQueuedOnesUnrun() throws Exception {
        WorkerPool pool = WorkerPool.builder().platformThreads(2).queueCapacity(10).build();
        CountDownLatch bothRunning = new CountDownLatch(2);
        List<Task<?>> running = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            running.add(pool.submit(() -> {
                bothRunning.countDown();
                new CountDownLatch(1).await(); // until interrupted
                return null;
            }));
        }
        bothRunning.await();
        AtomicInteger ran = new AtomicInteger();
        List<Task<?>> queued = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            queued.add(pool.submit(ran::incrementAndGet));
        }
        List<Runnable> unstarted = pool.shutdownNow();
        assertThat(unstarted).containsExactlyElementsOf(queued.stream().map(Runnable.class::cast).toList());
        assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        assertThat(ran).hasValue(0);
        for (Task<?> t : running) {
            // the task's own InterruptedException is its failure, wrapped so it cannot be mistaken
            // for an interrupt of the joining thread
            assertThatThrownBy(t::join).isInstanceOf(TaskFailedException.class)
                    .cause().isInstanceOf(InterruptedException.class);
        }
        assertThatThrownBy(() -> pool.submit(() -> 1)).isInstanceOf(RejectedExecutionException.class)
                .hasMessageContaining("shut down");
        unstarted.forEach(Runnable::run); // the caller may run them elsewhere
        assertThat(ran).hasValue(5);
        assertThat(queued.get(0).join()).isEqualTo(1);
        pool.close();
    }

    @Test
    void closeFinishesQueuedWorkThenRejectsNewTasks() throws Exception {
        AtomicInteger done = new AtomicInteger();
        WorkerPool pool = WorkerPool.builder().virtualThreads(4).queueCapacity(1000).build();
        for (int i = 0; i < 1000; i++) {
            pool.submit(done::incrementAndGet);
        }
        pool.close();
        assertThat(done).hasValue(1000);
        assertThat(pool.isShutdown()).isTrue();
        assertThat(pool.isTerminated()).isTrue();
        assertThatThrownBy(() -> pool.submit(() -> 1)).isInstanceOf(RejectedExecutionException.class);
        assertThat(pool.stats()).hasSize(4);
        assertThat(pool.stats().stream().mapToLong(WorkerStats::tasks).sum()).isEqualTo(1000);
    }

    @Test
    void closeFromInsideATaskIsRefused() throws Exception {
        try (WorkerPool pool = WorkerPool.builder().platformThreads(1).build()) {
            AtomicReference<WorkerPool> self = new AtomicReference<>(pool);
            Task<Object> t = pool.submit(() -> {
                self.get().close();
                return null;
            });
            assertThatThrownBy(t::join).isInstanceOf(IllegalStateException.class).hasMessageContaining("wait for itself");
        }
    }

    @Test
    void aStrayCancelInterruptDoesNotLeakIntoTheNextTask() throws Exception {
        try (WorkerPool pool = WorkerPool.builder().platformThreads(1).build()) {
            CountDownLatch running = new CountDownLatch(1);
            Task<Object> victim = pool.submit(() -> {
                running.countDown();
                new CountDownLatch(1).await();
                return null;
            });
            running.await();
            victim.cancel(true);
            Task<Boolean> next = pool.submit(() -> Thread.currentThread().isInterrupted());
            assertThat(next.join()).isFalse();
            assertThatThrownBy(victim::join).isInstanceOf(CancellationException.class);
        }
    }

    // ---------------------------------------------------------------- map, awaitIdle, executor plumbing

    @Test
    void mapKeepsInputOrderWhateverOrderTasksFinishIn() throws Exception {
        try (WorkerPool pool = WorkerPool.builder().platformThreads(4).queueCapacity(8).build()) {
            List<Integer> inputs = IntStream.range(0, 2000).boxed().toList();
            List<String> out = pool.map(inputs, i -> {
                if (i % 7 == 0) {
                    Thread.yield(); // let later inputs overtake
                }
                return "v" + i;
            });
            assertThat(out).isEqualTo(inputs.stream().map(i -> "v" + i).toList());
        }
    }

    @Test
    void mapThrowsTheFirstFailureInInputOrderWithTheOthersSuppressed() throws Exception {
        try (WorkerPool pool = WorkerPool.builder().platformThreads(3).build()) {
            assertThatThrownBy(() -> pool.map(List.of(1, 2, 3, 4, 5, 6), i -> {
                if (i % 2 == 0) {
                    throw new IllegalStateException("bad " + i);
                }
                return i;
            })).hasMessage("bad 2").satisfies(e ->
                    assertThat(e.getSuppressed()).extracting(Throwable::getMessage).containsExactly("bad 4", "bad 6"));
        } // map observed all three: close() is quiet
    }

    @Test
    void anInterruptedMapThrowsAndCancelsItsTasks() throws Exception {
        try (WorkerPool pool = WorkerPool.builder().platformThreads(1).queueCapacity(4).build()) {
            CountDownLatch firstRunning = new CountDownLatch(1);
            AtomicInteger ran = new AtomicInteger();
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            Thread caller = Thread.ofPlatform().start(() -> {
                try {
                    pool.map(List.of(0, 1, 2, 3), i -> {
                        if (i == 0) {
                            firstRunning.countDown();
                            try {
                                new CountDownLatch(1).await(); // until cancelled
                            } catch (InterruptedException e) {
                                throw new IllegalStateException("cancelled", e);
                            }
                        }
                        return ran.incrementAndGet();
                    });
                } catch (Throwable t) {
                    thrown.set(t);
                }
            });
            firstRunning.await();
            await().atMost(PATIENCE).until(() -> caller.getState() == Thread.State.WAITING); // in join
            caller.interrupt();
            caller.join();
            assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
            assertThat(pool.awaitIdle(PATIENCE)).isTrue();
            assertThat(ran).hasValue(0); // the queued inputs were cancelled before they ran
        }
    }

    @Test
    void awaitIdleWaitsForQueuedAndRunningTasks() throws Exception {
        try (WorkerPool pool = WorkerPool.builder().virtualThreads(8).queueCapacity(50).build()) {
            AtomicInteger done = new AtomicInteger();
            for (int i = 0; i < 500; i++) {
                pool.submit(() -> {
                    Thread.sleep(1); // simulated work
                    return done.incrementAndGet();
                });
            }
            pool.awaitIdle();
            assertThat(done).hasValue(500);
            assertThat(pool.awaitIdle(Duration.ZERO)).isTrue();

            CountDownLatch release = new CountDownLatch(1);
            pool.submit(() -> {
                release.await();
                return null;
            });
            assertThat(pool.awaitIdle(Duration.ofMillis(20))).isFalse();
            release.countDown();
            assertThat(pool.awaitIdle(PATIENCE)).isTrue();
        }
    }

    @Test
    void virtualThreadsNeverExceedTheConcurrencyLimit() throws Exception {
        try (WorkerPool pool = WorkerPool.builder().name("vt").virtualThreads(3).build()) {
            AtomicInteger now = new AtomicInteger();
            AtomicInteger peak = new AtomicInteger();
            List<Boolean> virtual = pool.map(IntStream.range(0, 300).boxed().toList(), i -> {
                peak.accumulateAndGet(now.incrementAndGet(), Math::max);
                try {
                    Thread.sleep(1); // simulated I/O
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                now.decrementAndGet();
                return Thread.currentThread().isVirtual();
            });
            assertThat(virtual).containsOnly(true).hasSize(300);
            assertThat(peak.get()).isBetween(1, 3);
        }
    }

    @Test
    void plugsIntoCompletableFutureAndInvokeAll() throws Exception {
        try (WorkerPool pool = WorkerPool.builder().platformThreads(2).build()) {
            CompletableFuture<Integer> cf = CompletableFuture.supplyAsync(() -> 21, pool).thenApplyAsync(x -> x * 2, pool);
            assertThat(cf.get(30, TimeUnit.SECONDS)).isEqualTo(42);
            List<Callable<Integer>> calls = List.of(() -> 1, () -> 2, () -> 3);
            assertThat(pool.invokeAll(calls)).extracting(f -> f.get()).containsExactly(1, 2, 3);
            assertThat(pool.invokeAny(calls)).isBetween(1, 3);
        }
    }

    @Test
    void badSettingsNameWhatIsWrong() {
        assertThatThrownBy(() -> WorkerPool.builder().platformThreads(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("platform worker count");
        assertThatThrownBy(() -> WorkerPool.builder().virtualThreads(-1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("virtual thread concurrency");
        assertThatThrownBy(() -> WorkerPool.builder().queueCapacity(-1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("queue capacity");
        assertThatThrownBy(() -> WorkerPool.builder().name(" "))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("name");
        assertThatThrownBy(() -> WorkerPool.builder().errorHandler(null)).isInstanceOf(NullPointerException.class);
        try (WorkerPool pool = WorkerPool.builder().name("named").platformThreads(1).build()) {
            assertThatThrownBy(() -> pool.submit((Callable<Object>) null)).isInstanceOf(NullPointerException.class);
            assertThat(pool.toString()).contains("named", "1 platform", "running");
            assertThat(pool.stats().get(0).worker()).isEqualTo("named-worker-1");
        }
    }
}
