/**
 * Adapters between Conduit channels and {@link java.util.concurrent.Flow}, the JDK's Reactive
 * Streams interfaces, so that channels plug into reactive libraries and JDK publishers:
 * <ul>
 *   <li>{@link dev.conduit.flow.ChannelPublisher}: a channel as a {@code Flow.Publisher}. Each
 *       subscription takes items from the channel as its subscriber requests them (demand is
 *       backpressure); subscribers compete for items, each item going to exactly one of them.</li>
 *   <li>{@link dev.conduit.flow.ChannelSubscriber}: a {@code Flow.Subscriber} that sends what it
 *       receives into a channel, requesting more as the items find room, and closes the channel
 *       when the publisher completes ({@code close()}) or fails ({@code close(cause)}).</li>
 * </ul>
 * A {@link dev.conduit.pipeline.Pipeline} can start from a publisher
 * ({@link dev.conduit.pipeline.Pipeline#from(java.util.concurrent.Flow.Publisher)}) and end in a
 * subscriber ({@link dev.conduit.pipeline.Pipeline#into(java.util.concurrent.Flow.Subscriber)}).
 *
 * <p>Both adapters are verified by the Reactive Streams TCK in every build; the rules the TCK
 * skips are listed, with the reasons, in each class's documentation.
 */
package dev.conduit.flow;
