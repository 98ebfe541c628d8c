package dev.conduit.jfrprobe;

import dev.conduit.channel.Channel;
import dev.conduit.pipeline.Pipeline;
import dev.conduit.pipeline.PipelineResult;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.stream.IntStream;

/**
 * Run by {@code dev.conduit.jfr.ModulePathRunTest} in a JVM of its own, with conduit-core on the
 * module path (so a named module, which reads {@code jdk.jfr} only if it is resolved) and this
 * class on the class path. It takes every path that emits an event: a timed wait on a channel,
 * a pipeline stall, the end of a run. It lives outside every package of conduit-core, which the
 * module would hide from the class path.
 */
public final class ModulePathProbe {
    private ModulePathProbe() {
    }

    public static void main(String[] args) throws InterruptedException {
        Module core = Channel.class.getModule();
        boolean jfrPresent = ModuleLayer.boot().findModule("jdk.jfr").isPresent();
        System.out.println("core named: " + core.isNamed());
        System.out.println("jdk.jfr present: " + jfrPresent);
        System.out.println("core reads jdk.jfr: "
                + ModuleLayer.boot().findModule("jdk.jfr").map(core::canRead).orElse(false));

        Channel<String> channel = Channel.<String>builder().name("probe-poll").unbounded().build();
        if (channel.poll(Duration.ofMillis(50)) != null) {
            throw new AssertionError("nothing was sent");
        }

        CountDownLatch release = new CountDownLatch(1);
        PipelineResult<Integer> result = Pipeline.from(IntStream.range(0, 20).boxed().toList())
                .name("probe")
                .map("held", 1, x -> {
                    if (x == 3) {
                        release.await();
                    }
                    return x + 1;
                })
                .stallTimeout(Duration.ofMillis(50), report -> release.countDown())
                .run();
        System.out.println("stalls: " + result.stalls().size());
        System.out.println("probe ok: " + result.outputs().size() + " outputs");
    }
}
