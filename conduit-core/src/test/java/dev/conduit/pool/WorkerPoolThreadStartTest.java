package dev.conduit.pool;

import dev.conduit.pool.FailingThreadFactory.FailIn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A pool whose threads cannot all be started ("unable to create native thread") fails to build with
 * that error and leaves no thread behind: before, the workers already started waited on the queue
 * for ever and the JVM could not exit.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WorkerPoolThreadStartTest {

    @ParameterizedTest(name = "fails in {0}")
    @EnumSource(FailIn.class)
    void aThreadThatCannotStartFailsTheBuildAndEndsTheStartedOnes(FailIn where) throws InterruptedException {
        FailingThreadFactory factory = new FailingThreadFactory(3, where);

        assertThatThrownBy(() -> WorkerPool.builder().name("starved").platformThreads(6).threadFactory(factory).build())
                .isInstanceOf(OutOfMemoryError.class).hasMessage(FailingThreadFactory.MESSAGE);

        List<Thread> made = factory.threads();
        assertThat(made).hasSize(where == FailIn.START ? 6 : 3); // all are made before any is started
        assertEnded(made);
        // the three that started had run: they were named and waited on the queue before it was cancelled
        assertThat(made.subList(0, 3)).extracting(Thread::getName)
                .containsExactly("starved-worker-1", "starved-worker-2", "starved-worker-3");
    }

    /** Every thread that was started has ended; the others were never started. */
    static void assertEnded(List<Thread> threads) throws InterruptedException {
        for (Thread t : threads) {
            if (t.getState() != Thread.State.NEW) {
                assertThat(t.join(Duration.ofSeconds(10))).as("%s ended", t.getName()).isTrue();
            }
        }
    }

    @Test
    void aFactoryThatMakesNoThreadIsRefusedByName() {
        assertThatThrownBy(() -> WorkerPool.builder().name("nothing").platformThreads(2).threadFactory(r -> null).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("'nothing' made no thread");
    }

    @Test
    void theFactorysThreadsRunTheTasks() throws Exception {
        FailingThreadFactory factory = new FailingThreadFactory(Integer.MAX_VALUE, FailIn.START);
        try (WorkerPool pool = WorkerPool.builder().name("made").platformThreads(2).threadFactory(factory).build()) {
            Task<String> where = pool.submit(() -> Thread.currentThread().getName());
            assertThat(where.join()).startsWith("made-worker-");
            assertThat(factory.threads()).hasSize(2).extracting(Thread::getName).contains(where.join());
        }
        assertEnded(factory.threads()); // close() returns as the workers leave their loop; join to see them gone
    }
}
