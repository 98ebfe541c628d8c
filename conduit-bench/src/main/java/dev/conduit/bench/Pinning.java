package dev.conduit.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Pins benchmark threads to CPUs when the system property {@code conduit.bench.pin} is
 * {@code true} (Linux only: {@code taskset -pc CPU TID}, the thread id read from
 * {@code /proc/thread-self}). Producer number {@code i} goes to CPU {@code i % n} and consumer
 * {@code k} of a run with {@code p} producers to CPU {@code (p + k) % n}, so with two CPUs a
 * producer and a consumer never share one.
 */
final class Pinning {
    static final boolean ENABLED = Boolean.getBoolean("conduit.bench.pin");
    private static final int CPUS = Runtime.getRuntime().availableProcessors();

    private Pinning() {
    }

    /** Pins the calling thread to CPU {@code slot % CPUS}, if pinning is on. */
    static void pinCurrentThread(int slot) {
        if (!ENABLED) {
            return;
        }
        int cpu = slot % CPUS;
        try {
            Path self = Files.readSymbolicLink(Path.of("/proc/thread-self")); // "<pid>/task/<tid>"
            String tid = self.getFileName().toString();
            Process p = new ProcessBuilder("taskset", "-pc", String.valueOf(cpu), tid)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (p.waitFor() != 0) {
                throw new IllegalStateException("taskset -pc " + cpu + " " + tid + " exited with " + p.exitValue());
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot pin thread to CPU " + cpu + " (needs Linux and taskset)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while pinning", e);
        }
    }

    /** A factory of daemon threads that pin themselves to consecutive slots from {@code firstSlot}. */
    static ThreadFactory threadFactory(String name, int firstSlot) {
        AtomicInteger next = new AtomicInteger(firstSlot);
        return task -> {
            int slot = next.getAndIncrement();
            Thread t = new Thread(() -> {
                pinCurrentThread(slot);
                task.run();
            }, name + "-" + slot);
            t.setDaemon(true);
            return t;
        };
    }
}
