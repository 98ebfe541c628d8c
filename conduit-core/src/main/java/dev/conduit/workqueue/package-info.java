/**
 * Work queues: Conduit's channel semantics across processes and machines. A
 * {@link dev.conduit.workqueue.WorkQueue} is stored by a broker (or, for tests and single processes,
 * in memory by {@link dev.conduit.workqueue.InMemoryWorkQueue}); a worker takes a
 * {@link dev.conduit.workqueue.Delivery} and settles it: done, retry later, or dead with a reason.
 * A delivery not settled within its lease (a worker that died) is delivered again: the guarantee is
 * at least once, never lost.
 *
 * <p>Items cross process boundaries as bytes through an explicit
 * {@link dev.conduit.workqueue.ItemCodec}; Java serialization is never used. This package holds
 * only the contract and the in-memory implementation (no dependencies); engines live in their own
 * modules ({@code conduit-nats}).
 */
package dev.conduit.workqueue;
