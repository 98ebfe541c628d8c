/**
 * The NATS JetStream engine for {@link dev.conduit.workqueue.WorkQueue}: {@link
 * dev.conduit.nats.NatsWorkQueue} (the queue), {@link dev.conduit.nats.NatsQueueAddress} (a
 * {@code nats://HOST:PORT/NAME} address) and {@link dev.conduit.nats.NatsClaims} (claims on keys
 * across machines, so that a redelivered item is not worked on twice at once).
 */
package dev.conduit.nats;
