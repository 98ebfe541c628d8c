/**
 * Meter binders for Conduit channels and pipelines. Bind one to any {@code MeterRegistry}:
 * <pre>{@code
 * new ChannelMetrics(jobs).bindTo(registry);
 * RunningPipeline<Page> run = pipeline.start();
 * new PipelineMetrics(run).bindTo(registry);
 * }</pre>
 * Every meter is a function meter: it reads the channel's {@code stats()} or the pipeline's
 * {@code progress()} and {@code stats()} when the registry asks, and adds nothing to sends,
 * receives or stages. The meters hold what they measure weakly, like Micrometer's own binders: a
 * channel or pipeline that is no longer referenced can be collected, and its meters then read
 * {@code NaN} until removed from the registry.
 */
package dev.conduit.micrometer;
