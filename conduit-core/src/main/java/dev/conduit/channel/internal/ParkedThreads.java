package dev.conduit.channel.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/**
 * The threads parked on one side of a {@link RingChannel} (its receivers, or its senders): a
 * lock-free stack that a waker empties in one atomic swap and unparks all of.
 *
 * <p>Why a stack of everyone, woken all at once: the ring registers "somebody is parked" as one
 * flag bit in an index word, and the party that clears the bit is the only one that knows to wake.
 * Waking every parked thread (they re-check and park again if there is nothing for them) is
 * simpler than waking one and proving the others will be woken later, and it only happens on the
 * slow path, when every waiter had given up spinning.
 *
 * <p>A waiter that leaves without being woken (it found an item, timed out, was interrupted)
 * {@linkplain #abandon abandons} its node; the node stays in the stack until the next waker drops
 * it, which unparks nobody for it. The race between a waker reading the thread and its owner
 * abandoning the node can give that thread one spurious unpark, which {@link LockSupport#park}
 * allows and every caller of it must tolerate.
 */
final class ParkedThreads {
    /** One parked (or about to park) thread. */
    static final class Node {
        volatile Thread thread;
        Node next;

        Node(Thread thread) {
            this.thread = thread;
        }
    }

    private static final VarHandle HEAD;

    static {
        try {
            HEAD = MethodHandles.lookup().findVarHandle(ParkedThreads.class, "head", Node.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private volatile Node head;

    /**
     * Adds the current thread. The push is a volatile compare-and-set, so a re-check the caller
     * reads after it is ordered after the push (the ring's wake-up protocol needs exactly that).
     *
     * @return the node to {@linkplain #abandon abandon} when the caller stops waiting
     */
    Node push() {
        Node node = new Node(Thread.currentThread());
        Node h;
        do {
            h = head;
            node.next = h;
        } while (!HEAD.compareAndSet(this, h, node));
        return node;
    }

    /** Marks a node as no longer waiting, so a later {@link #unparkAll()} skips it. */
    static void abandon(Node node) {
        node.thread = null;
    }

    /** Takes every node off the stack and unparks the threads still waiting on them. */
    void unparkAll() {
        if (head == null) {
            return;
        }
        for (Node n = (Node) HEAD.getAndSet(this, (Node) null); n != null; n = n.next) {
            Thread t = n.thread;
            if (t != null) {
                LockSupport.unpark(t);
            }
        }
    }
}
