package dev.conduit.pipeline;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The report's table and its bottleneck line count busy time the same way, as a share of the run
 * (issue 17: the table said download was busy 98% and the last line 13%; a source reading a
 * 42-line list showed "busy 91%").
 */
class PipelineReportSharesTest {

    @Test
    void theTableAndTheBottleneckLineAgreeAndAQuickSourceIsNotBusy() throws InterruptedException {
        List<Integer> lines = IntStream.range(0, 42).boxed().toList();
        PipelineResult<Void> result = Pipeline.from(lines)
                .map("work", 2, x -> {
                    Thread.sleep(5); // simulated work: the stage that takes the run's time
                    return x;
                })
                .to("sink", 1, x -> { })
                .run();

        String report = result.report();
        int sourceBusy = busyColumn(report, "source");
        int workBusy = busyColumn(report, "work");
        assertThat(sourceBusy).as(report).isLessThanOrEqualTo(10);
        assertThat(workBusy).as(report).isGreaterThanOrEqualTo(50);
        Matcher line = Pattern.compile("Bottleneck: .*?work.*?busy (\\d+)%").matcher(report);
        assertThat(line.find()).as(report).isTrue();
        assertThat(Integer.parseInt(line.group(1))).as(report).isEqualTo(workBusy);
    }

    private static int busyColumn(String report, String stage) {
        Matcher m = Pattern.compile("(?m)^" + stage + "\\s+\\S+\\s+\\d+\\s+\\d+\\s+\\d+\\s+\\S+\\s+(\\d+)%").matcher(report);
        assertThat(m.find()).as(report).isTrue();
        return Integer.parseInt(m.group(1));
    }
}
