package dev.conduit.pool;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Task as a CompletableFuture (outcomes, cancellation both ways, races) and map with checked exceptions. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TaskFutureAndCheckedMapTest {

    private static WorkerPool pool(boolean virtual, int workers) {
        WorkerPoolBuilder b = WorkerPool.builder().name("t").queueCapacity(64);
        return (virtual ? b.virtualThreads(workers) : b.platformThreads(workers)).build();
    }

    @ParameterizedTest(name = "virtual: {0}")
    @ValueSource(booleans = {true, false})
    void theFutureCompletesWithTheResult(boolean virtual) throws Exception {
        try (WorkerPool pool = pool(virtual, 2)) {
            Task<String> task = pool.submit(() -> "done");
            CompletableFuture<String> f = task.toCompletableFuture();
            assertThat(f.thenApply(String::length).get(30, TimeUnit.SECONDS)).isEqualTo(4);
            assertThat(task.toCompletableFuture()).isSameAs(f);
            assertThat(task.join()).isEqualTo("done");
        }
    }

    @Test
    void aFutureTakenAfterTheTaskFinishedIsAlreadyComplete() throws Exception {
        try (WorkerPool pool = pool(false, 1)) {
            Task<Integer> task = pool.submit(() -> 42);
            assertThat(task.join()).isEqualTo(42);
            CompletableFuture<Integer> f = task.toCompletableFuture();
            assertThat(f.isDone()).isTrue();
            assertThat(f.getNow(0)).isEqualTo(42);
        }
    }

    @Test
    void aCheckedFailureCompletesTheFutureAsItWasThrownAndCountsAsObserved() {
        IOException io = new IOException("no disk");
        WorkerPool pool = pool(true, 1);
        Task<Object> task = pool.submit(() -> {
            throw io;
        });
        CompletableFuture<Object> f = task.toCompletableFuture();
        CompletionException e = catchThrowableOfType(CompletionException.class, f::join);
        assertThat(e.getCause()).isSameAs(io);
        assertThat(f.exceptionally(t -> "recovered").join()).isEqualTo("recovered");
        assertThatCode(pool::close).as("the future observed it: close reports nothing").doesNotThrowAnyException();
    }

    @Test
    void aFailureNobodyTookAFutureForIsStillReported() {
        WorkerPool pool = pool(true, 1);
        pool.submit(() -> {
            throw new IOException("unseen");
        });
        assertThatThrownBy(pool::close).isInstanceOf(UnobservedTaskFailuresException.class);
    }

    @Test
    void cancellingTheTaskCancelsTheFuture() throws Exception {
        try (WorkerPool pool = pool(false, 1)) {
            CountDownLatch started = new CountDownLatch(1);
            AtomicBoolean interrupted = new AtomicBoolean();
            Task<Object> task = pool.submit(() -> {
                started.countDown();
                try {
                    new CountDownLatch(1).await();
                } catch (InterruptedException e) {
                    interrupted.set(true);
                }
                return null;
            });
            CompletableFuture<Object> f = task.toCompletableFuture();
            CompletableFuture<String> dependent = f.thenApply(x -> "never");
            started.await();
            assertThat(task.cancel(true)).isTrue();
            assertThat(f.isCancelled()).isTrue();
            assertThatThrownBy(dependent::join).isInstanceOf(CompletionException.class)
                    .hasCauseInstanceOf(CancellationException.class);
            pool.awaitIdle();
            assertThat(interrupted).isTrue();
        }
    }

    @Test
    void cancellingTheFutureCancelsARunningTaskWithTheSameInterruptChoice() throws Exception {
        try (WorkerPool pool = pool(true, 1)) {
            CountDownLatch started = new CountDownLatch(1);
            AtomicBoolean interrupted = new AtomicBoolean();
            Task<Object> task = pool.submit(() -> {
                started.countDown();
                try {
                    new CountDownLatch(1).await();
                } catch (InterruptedException e) {
                    interrupted.set(true);
                }
                return null;
            });
            started.await();
            assertThat(task.toCompletableFuture().cancel(true)).isTrue();
            assertThat(task.isCancelled()).isTrue();
            pool.awaitIdle();
            assertThat(interrupted).isTrue();
        }
    }

    @Test
    void cancellingTheFutureOfAQueuedTaskMeansItNeverRuns() throws Exception {
        try (WorkerPool pool = pool(false, 1)) {
            CountDownLatch release = new CountDownLatch(1);
            pool.submit(() -> {
                release.await();
                return null;
            });
            AtomicInteger ran = new AtomicInteger();
            Task<Object> queued = pool.submit(() -> ran.incrementAndGet());
            assertThat(queued.toCompletableFuture().cancel(false)).isTrue();
            release.countDown();
            pool.awaitIdle();
            assertThat(ran.get()).isZero();
            assertThat(queued.isCancelled()).isTrue();
        }
    }

    @Test
    void cancellingTheFutureOfAFinishedTaskChangesNothing() throws Exception {
        try (WorkerPool pool = pool(false, 1)) {
            Task<String> task = pool.submit(() -> "kept");
            task.join();
            CompletableFuture<String> f = task.toCompletableFuture();
            assertThat(f.cancel(true)).isFalse();
            assertThat(f.join()).isEqualTo("kept");
            assertThat(task.isCancelled()).isFalse();
        }
    }

    @Test
    void completingTheFutureYourselfOrCancellingADependentLeavesTheTaskAlone() throws Exception {
        try (WorkerPool pool = pool(true, 1)) {
            CountDownLatch release = new CountDownLatch(1);
            Task<String> task = pool.submit(() -> {
                release.await();
                return "real";
            });
            CompletableFuture<String> f = task.toCompletableFuture();
            f.thenApply(s -> s).cancel(true);
            assertThat(f.complete("mine")).isTrue();
            assertThat(task.isDone()).isFalse();
            release.countDown();
            assertThat(task.join()).isEqualTo("real");
            assertThat(f.join()).isEqualTo("mine");
        }
    }

    /** toCompletableFuture() racing the task's completion: every future gets its task's own result, once. */
    @ParameterizedTest(name = "virtual: {0}")
    @ValueSource(booleans = {true, false})
    void futuresTakenWhileTasksFinishAllCompleteWithTheirOwnResult(boolean virtual) throws Exception {
        int n = 5_000;
        try (WorkerPool pool = pool(virtual, 4)) {
            List<Task<Integer>> tasks = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int v = i;
                tasks.add(pool.submit(() -> v));
            }
            List<CompletableFuture<Integer>> futures = new ArrayList<>();
            for (Task<Integer> t : tasks) {
                futures.add(t.toCompletableFuture());
            }
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
            for (int i = 0; i < n; i++) {
                assertThat(futures.get(i).join()).isEqualTo(i);
            }
        }
    }

    // ---------------------------------------------------------------- map with checked exceptions

    @ParameterizedTest(name = "virtual: {0}")
    @ValueSource(booleans = {true, false})
    void mapTakesAFunctionThatThrowsCheckedExceptionsAndTheFirstFailureReachesTheCaller(boolean virtual) {
        WorkerPool pool = pool(virtual, 4);
        TaskFailedException e = catchThrowableOfType(TaskFailedException.class, () -> pool.map(
                IntStream.range(0, 50).boxed().toList(),
                i -> {
                    if (i % 10 == 3) {
                        throw new IOException("input " + i);
                    }
                    return i * 2;
                }));
        assertThat(e.getCause()).isInstanceOf(IOException.class).hasMessage("input 3");
        assertThat(e.getSuppressed()).extracting(s -> s.getCause().getMessage())
                .containsExactly("input 13", "input 23", "input 33", "input 43");
        assertThatCode(pool::close).as("map observed every failure").doesNotThrowAnyException();
    }

    @Test
    void mapReturnsResultsInInputOrderWhenNothingFails() throws Exception {
        try (WorkerPool pool = pool(true, 8)) {
            List<String> out = pool.map(List.of("a", "bb", "ccc"), s -> {
                if (s.isEmpty()) {
                    throw new IOException("never");
                }
                return s.toUpperCase();
            });
            assertThat(out).containsExactly("A", "BB", "CCC");
            Function<Integer, Integer> plain = x -> x + 1;
            assertThat(pool.map(List.of(1, 2), plain::apply)).containsExactly(2, 3);
        }
    }

    @Test
    void anInterruptedExceptionThrownByTheFunctionIsTheTasksFailureNotTheCallersInterrupt() {
        WorkerPool pool = pool(false, 2);
        TaskFailedException e = catchThrowableOfType(TaskFailedException.class, () -> pool.map(List.of(1, 2), i -> {
            if (i == 2) {
                throw new InterruptedException("the task's own");
            }
            return i;
        }));
        assertThat(e.getCause()).isInstanceOf(InterruptedException.class).hasMessage("the task's own");
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
        pool.close();
    }
}
