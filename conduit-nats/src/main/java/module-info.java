/**
 * Conduit work queues stored by a NATS JetStream server: one work-queue stream and one durable pull
 * consumer per queue, shared by any number of processes on any number of machines. Start at
 * {@link dev.conduit.nats.NatsWorkQueue}.
 */
module dev.conduit.nats {
    requires transitive dev.conduit.core;
    requires io.nats.jnats;

    exports dev.conduit.nats;
}
