/**
 * Channels: bounded, unbounded and rendezvous hand-off of items between threads, with graceful
 * close, immediate cancel that hands every buffered item back, and task accounting.
 *
 * <p>Start at {@link dev.conduit.channel.Channel}: its Javadoc is the contract every implementation
 * keeps. {@link dev.conduit.channel.ChannelBuilder} chooses ordering, overflow and the
 * implementation.
 */
package dev.conduit.channel;
