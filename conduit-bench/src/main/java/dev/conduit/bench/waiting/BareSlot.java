package dev.conduit.bench.waiting;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * A bare copy of the rendezvous channel's alone regime (one waiter in a slot, claimed by the CAS
 * that takes it out), with nothing around it: no close, no select, no queue behind the slot. It is
 * the floor {@link SlotFloor} measures the real channel against, so it must do what the channel
 * does per hand-off and no more: a 32-byte node, one CAS in and one out, the outcome and the
 * parked mark on one word, published by an atomic add, a spin of 128 looks that a missed spin
 * switches off for a growing number of waits (a caught one switches it back on).
 *
 * <p>Three switches add back what the channel does beside the protocol: {@code timed} reads the
 * clock before and after each park, as the channel does to keep its wait totals; {@code counted}
 * counts each hand-off with an atomic add before publishing it, as the channel's stats need;
 * {@code chores} adds the rest of a hand-off's bookkeeping (a wait-time add, atomic, the clock
 * sampling draw, the interrupt and closed checks).
 *
 * <p>Only for one sender and one receiver: a second party of the same kind would spin on the slot.
 */
final class BareSlot {
    private static final VarHandle SLOT, HANDOFFS, STATE, TOTAL;
    private static final int SERVED = 1, PARKED = 2;
    private static final int SPINS = 128, MAX_COOLDOWN = 1024;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            SLOT = l.findVarHandle(BareSlot.class, "slot", Node.class);
            HANDOFFS = l.findVarHandle(BareSlot.class, "handoffs", long.class);
            STATE = l.findVarHandle(Node.class, "state", int.class);
            TOTAL = l.findVarHandle(Total.class, "nanos", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** 32 bytes with compressed references, as the channel's waiter. */
    private static final class Node {
        volatile int state;
        Object item;
        final Thread thread = Thread.currentThread();
        final boolean sender;

        Node(boolean sender, Object item) {
            this.sender = sender;
            this.item = item;
        }
    }

    /** One wait-time total on a line of its own, as the channel's. */
    @SuppressWarnings("unused")
    private static final class Total {
        long p0, p1, p2, p3, p4, p5, p6, p7;
        volatile long nanos;
        long q0, q1, q2, q3, q4, q5, q6, q7;
    }

    private final boolean timed, counted, chores;
    private volatile int closed;
    private volatile Node slot;
    private volatile long handoffs;
    private int cooldown, cooldownLength;
    private final Total sendTotal = new Total(), receiveTotal = new Total();

    BareSlot(boolean timed, boolean counted, boolean chores) {
        this.timed = timed;
        this.counted = counted;
        this.chores = chores;
    }

    void send(Object item) throws InterruptedException {
        meet(true, item);
    }

    Object take() throws InterruptedException {
        return meet(false, null);
    }

    private Object meet(boolean send, Object item) throws InterruptedException {
        if (chores && Thread.interrupted()) {
            throw new InterruptedException();
        }
        for (;;) {
            Node s = slot;
            if (chores && closed != 0) {
                throw new IllegalStateException("closed");
            }
            if (s == null) {
                Node w = new Node(send, item);
                if (SLOT.compareAndSet(this, null, w)) {
                    await(w);
                    return w.item;
                }
            } else if (s.sender == send) {
                Thread.onSpinWait(); // only one party of each kind: the other is about to take it
            } else if (SLOT.compareAndSet(this, s, null)) {
                Object taken = s.item;
                if (send) {
                    s.item = item;
                }
                if (counted) {
                    HANDOFFS.getAndAdd(this, 1L);
                }
                STATE.getAndAdd(s, SERVED);
                if ((s.state & PARKED) != 0) {
                    LockSupport.unpark(s.thread);
                }
                return taken;
            }
        }
    }

    private void await(Node w) {
        boolean sampled = chores && (ThreadLocalRandom.current().nextInt() & 63) == 0;
        long start = sampled ? System.nanoTime() : 0;
        int spins = 0;
        if (cooldown > 0) {
            cooldown--;
        } else {
            for (; spins < SPINS; spins++) {
                if ((w.state & SERVED) != 0) {
                    if (cooldownLength != 0) {
                        cooldownLength = 0;
                    }
                    addWait(w, sampled ? System.nanoTime() - start : spins * 25L);
                    return;
                }
                Thread.onSpinWait();
            }
            cooldownLength = Math.min(MAX_COOLDOWN, Math.max(1, 2 * cooldownLength));
            cooldown = cooldownLength;
        }
        long parkStart = timed ? System.nanoTime() : 0;
        STATE.getAndAdd(w, PARKED);
        while ((w.state & SERVED) == 0) {
            LockSupport.park(this);
        }
        addWait(w, spins * 25L + (timed ? System.nanoTime() - parkStart : 0));
    }

    private void addWait(Node w, long nanos) {
        if (chores) {
            TOTAL.getAndAdd(w.sender ? sendTotal : receiveTotal, nanos);
        }
    }

    /** @return the hand-offs counted (with {@code counted} only) */
    long handoffs() {
        return handoffs;
    }
}
