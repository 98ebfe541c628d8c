package dev.conduit.examples;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every example, by name: the one list that {@code conduit demo} and the tests are driven from, so
 * neither can forget one (a test also checks that the README table has a row for each).
 */
public final class Examples {

    private static final List<Example> ALL = List.of(
            new Example("lost-update", "000, 001, 004",
                    "two threads do `value = value + 1` on a global; the lock fixes it",
                    "the lost update made certain, then fixed with a lock, AtomicLong, LongAdder and Guarded",
                    LostUpdate.class, LostUpdate::run),
            new Example("shared-list", "001",
                    "a worker adds one to each element of a shared list while main prints it; an Event stops it",
                    "Event.await(timeout) as a pause that ends at once on stop; lost updates; a Guarded list",
                    SharedList.class, SharedList::run),
            new Example("ping-pong", "001",
                    "two threads pass a list through two queues vs one shared queue, timing work and waiting",
                    "each thread's busy and waiting time with blocking takes instead of polling empty()",
                    PingPong.class, PingPong::run),
            new Example("get-put-modes", "001, 003",
                    "get/put with block=False and timeout, raising queue.Empty and queue.Full",
                    "offer/poll answer false/null; exceptions only for a closed channel or an interrupt",
                    GetPutModes.class, GetPutModes::run),
            new Example("bounded-queue", "003",
                    "Queue(maxsize=3) with a fast producer and a slow consumer",
                    "backpressure: the producer waits for room, the fill never passes the capacity",
                    BoundedQueue.class, BoundedQueue::run),
            new Example("queue-order", "001, 003",
                    "Queue, LifoQueue and PriorityQueue",
                    "FIFO, LIFO and priority channels; equal priorities keep their sending order",
                    QueueOrder.class, QueueOrder::run),
            new Example("producer-consumer", "002, 003",
                    "one producer, one consumer; a daemon consumer or a None sentinel",
                    "the producer closes the channel; the consumer's loop ends, both threads are joined",
                    ProducerConsumer.class, ProducerConsumer::run),
            new Example("many-producers", "003",
                    "3 producers, 2 consumers polling get(timeout=0.5) until a stop event",
                    "the last producer closes the channel; every item consumed exactly once",
                    ManyProducersConsumers.class, ManyProducersConsumers::run),
            new Example("task-done", "002, 004",
                    "10 daemon workers, q.task_done() and q.join()",
                    "taskDone() and awaitTasks(), then the workers stop cleanly instead of being killed",
                    TaskTracking.class, TaskTracking::run),
            new Example("event-condition", "002",
                    "threading.Event to signal; threading.Condition to wait until data_ready",
                    "Event (set, clear, timed await; a set is never lost) and Guarded.awaitUntil",
                    EventAndCondition.class, EventAndCondition::run),
            new Example("worker-pool", "003",
                    "a hand-built ThreadPool with results and (\"error\", e) tuples, wait() and shutdown()",
                    "WorkerPool: map in input order, join() rethrows, awaitIdle(), close() reports lost failures",
                    PoolResultsAndErrors.class, PoolResultsAndErrors::run),
            new Example("pipe", "003",
                    "three stage threads joined by queues, None sentinels, time.sleep(1) to wait for results",
                    "stages joined by bounded channels, the end travels by close; then the same with Pipeline",
                    ThreeStagePipe.class, ThreeStagePipe::run),
            new Example("counter", "003",
                    "ThreadSafeCounter: 10 threads x 10,000 increments under a lock",
                    "LongAdder and AtomicLong reach exactly 100,000 without a lock",
                    SafeCounter.class, SafeCounter::run),
            new Example("dictionary", "003",
                    "ThreadSafeDict: a dict with a lock in every method",
                    "ConcurrentHashMap, with merge() and computeIfAbsent() for compound updates",
                    SafeDictionary.class, SafeDictionary::run),
            new Example("thread-local", "003",
                    "threading.local(): per-thread data and a database connection per thread",
                    "ThreadLocal.withInitial, remove(), and why a pool thread shares it between tasks",
                    PerThreadData.class, PerThreadData::run),
            new Example("bank-account", "003",
                    "BankAccount with a Condition: depositors, and withdrawers that wait for funds",
                    "Guarded.awaitAndUpdate: wait until the balance covers it and withdraw, atomically",
                    BankAccount.class, BankAccount::run));

    private static final Map<String, Example> BY_NAME = index(ALL);

    private Examples() {
    }

    /**
     * Lists the examples.
     *
     * @return every example, in the order of the seeds' stories
     */
    public static List<Example> all() {
        return ALL;
    }

    /**
     * Finds an example by its name.
     *
     * @param name the name, as in {@code conduit demo NAME}
     * @return the example, or empty if there is none by that name
     */
    public static Optional<Example> find(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    /**
     * Lists the examples' names.
     *
     * @return the names of all examples, in order
     */
    public static List<String> names() {
        return ALL.stream().map(Example::name).toList();
    }

    private static Map<String, Example> index(List<Example> examples) {
        Map<String, Example> byName = new LinkedHashMap<>();
        for (Example e : examples) {
            if (byName.put(e.name(), e) != null) {
                throw new IllegalStateException("two examples are named " + e.name());
            }
        }
        return byName;
    }
}
