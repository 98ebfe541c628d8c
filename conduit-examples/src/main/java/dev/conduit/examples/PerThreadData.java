package dev.conduit.examples;

import java.io.PrintStream;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Seed 003: data that belongs to the current thread (a name, a database connection), reached from
 * anywhere in that thread without passing it along, like Python's {@code threading.local()}.
 *
 * <p>The JDK's {@link ThreadLocal} does this; {@link ThreadLocal#withInitial} creates the value on a
 * thread's first {@code get()}, which replaces the seed's {@code hasattr} check. The example shows
 * the catch the seed does not mention: the value lives as long as the thread, so on a pool thread a
 * "connection per thread" is shared by every task that thread runs, and must be removed with
 * {@link ThreadLocal#remove()} when it should not outlive the task.
 *
 * <p>Why not {@code ScopedValue}: it binds a value for the duration of a call, is inherited by
 * structured child tasks, and cannot be changed or leaked, which fits "per task" data better. It is
 * final only from JDK 25; Conduit compiles for Java 21, where it is a preview API, so the examples use
 * {@code ThreadLocal}.
 */
public final class PerThreadData {

    /** Named threads, as in the seed; pool threads and tasks for the pool part. */
    static final int THREADS = 3, POOL_THREADS = 2, POOL_TASKS = 6;

    private PerThreadData() {
    }

    /** A stand-in for a database connection: remembers the thread it was made for. */
    static final class Connection {
        private final String thread;

        Connection(String thread) {
            this.thread = thread;
        }

        String query(String sql) {
            return "result of '" + sql + "' from the connection of " + thread;
        }
    }

    /**
     * The outcome.
     *
     * @param namesSeen            for each named thread, the name its thread-local held at the end of
     *                             its work: its own name
     * @param connectionsCreated   connections created for the named threads: one each
     * @param sameConnectionTwice  whether every named thread got the same connection on its second ask
     * @param poolThreadsUsed      how many pool threads ran the pool's tasks
     * @param poolConnections      connections created for the pool's tasks: one per pool thread, not per task
     */
    public record Result(Map<String, String> namesSeen, int connectionsCreated, boolean sameConnectionTwice,
                         int poolThreadsUsed, int poolConnections) implements ExampleResult {
        @Override
        public boolean ok() {
            return namesSeen.size() == THREADS && namesSeen.entrySet().stream().allMatch(e -> e.getKey().equals(e.getValue()))
                    && connectionsCreated == THREADS && sameConnectionTwice
                    && poolThreadsUsed >= 1 && poolConnections == poolThreadsUsed;
        }
    }

    /**
     * Runs the example.
     *
     * @param out where to print what it shows
     * @return the outcome
     * @throws InterruptedException if interrupted while waiting for the threads
     */
    public static Result run(PrintStream out) throws InterruptedException {
        // Thread-local data: each thread sets its own name and reads it back after the others set theirs.
        ThreadLocal<String> localName = new ThreadLocal<>();
        Map<String, String> namesSeen = new ConcurrentHashMap<>();
        Threads.runTogether(THREADS, "Worker", i -> {
            localName.set(Thread.currentThread().getName());
            Thread.sleep(5); // the other threads set theirs meanwhile
            out.printf("thread %s: processing%n", localName.get());
            namesSeen.put(Thread.currentThread().getName(), localName.get());
        });

        // A connection per thread, created on first use.
        AtomicInteger created = new AtomicInteger();
        ThreadLocal<Connection> connection = ThreadLocal.withInitial(() -> {
            created.incrementAndGet();
            out.printf("created connection for %s%n", Thread.currentThread().getName());
            return new Connection(Thread.currentThread().getName());
        });
        Map<String, Boolean> same = new ConcurrentHashMap<>();
        Threads.runTogether(THREADS, "Thread", i -> {
            Connection conn = connection.get();
            out.println(conn.query("SELECT * FROM users"));
            same.put(Thread.currentThread().getName(), conn == connection.get());
            connection.remove(); // this thread is done with it; nothing should keep it alive
        });
        int namedConnections = created.get();
        boolean allSame = same.size() == THREADS && !same.containsValue(false);
        out.printf("%d threads, %d connections, each thread got the same one when it asked again: %s%n",
                THREADS, namedConnections, allSame);

        // On a pool, "per thread" means shared by every task the thread runs.
        Set<String> poolThreads = ConcurrentHashMap.newKeySet();
        created.set(0);
        try (ExecutorService pool = Executors.newFixedThreadPool(POOL_THREADS)) {
            for (int t = 0; t < POOL_TASKS; t++) {
                pool.submit(() -> {
                    poolThreads.add(Thread.currentThread().getName());
                    return connection.get().query("SELECT 1");
                });
            }
        } // close() waits for the tasks: their effects happen-before it returns
        out.printf("%d tasks on a pool of %d threads: %d connections, one per pool thread that ran tasks (%d),"
                + " shared by its tasks%n", POOL_TASKS, POOL_THREADS, created.get(), poolThreads.size());
        return new Result(new TreeMap<>(namesSeen), namedConnections, allSame, poolThreads.size(), created.get());
    }
}
