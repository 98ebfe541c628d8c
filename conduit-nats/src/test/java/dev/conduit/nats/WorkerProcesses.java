package dev.conduit.nats;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Starts {@link LedgerWorker} JVMs on the test's class path and JDK. */
final class WorkerProcesses {
    private WorkerProcesses() {
    }

    static Process start(int port, String queue, long leaseMs, int threads, long workMs, int maxDeliveries, Path ledger,
                         Path log)
            throws IOException {
        String javaHome = System.getProperty("java.home");   // the tests' JDK (the toolchain's), not Maven's
        List<String> cmd = new ArrayList<>(List.of(Path.of(javaHome, "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx128m",
                "-cp", System.getProperty("java.class.path"), LedgerWorker.class.getName(),
                Integer.toString(port), queue, Long.toString(leaseMs), Integer.toString(threads), Long.toString(workMs), Integer.toString(maxDeliveries),
                ledger.toString()));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }
}
