package dev.conduit.pipeline;

/**
 * The verdict of a run's statistics: which stage limited the throughput, and why, in words.
 *
 * @param stage       the limiting stage's name, or {@code null} if no stage was saturated
 * @param explanation the evidence and the advice, e.g. {@code "save: busy 97% of worker time,
 *                    upstream 'download' blocked 80% of its time on channel 'download->save': add
 *                    workers to save"}
 */
public record Bottleneck(String stage, String explanation) {
    @Override
    public String toString() {
        return explanation;
    }
}
