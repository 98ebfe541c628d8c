package dev.conduit.proof;

import dev.conduit.proof.ChannelKind.Order;

import java.util.List;
import java.util.Set;

/**
 * The channel kinds the proof layers (Lincheck, fault injection and soak) check: every
 * many-producer, many-consumer kind of {@link dev.conduit.channel.ChannelKinds}, the one list of
 * kinds, so a new implementation or wait strategy added there is put under proof too. Capacities
 * are shrunk to 1, 2 or 3 (3 for a capacity that is not a power of two, which ring arithmetic
 * treats differently): model checking explores every interleaving of a few operations, and the
 * full and empty edges are where the bugs live.
 */
public final class ChannelKinds {
    /**
     * Kinds Lincheck checks in the default (quick) run, so that the whole suite stays within its
     * time budget (all of them stress-run; LincheckChannelTest model-checks a subset of these):
     * one per implementation path and wait strategy (the default ring at
     * capacities 1, 2 and 3, the spinning ring, the item-flag ring with its hints broken,
     * rendezvous, LIFO, priority with a drop policy, conflated). {@code -Pproof-long} checks every kind.
     */
    private static final Set<String> QUICK_LINCHECK = Set.of("bounded", "bounded-1", "ring-capacity-10",
            "ring-busy-spin", "ring-broken-hints", "rendezvous", "lifo", "priority-drop-newest", "conflated");

    private ChannelKinds() {
    }

    /**
     * @return the kinds every layer checks; {@code -Dconduit.proof.kinds=regex} narrows them to the
     *         names that match, to chase one failure
     */
    public static List<ChannelKind> all() {
        String only = System.getProperty("conduit.proof.kinds", ".*");
        return dev.conduit.channel.ChannelKinds.multiParty()
                .map(ChannelKinds::proofSized)
                .filter(k -> k.name().matches(only))
                .toList();
    }

    /** @return the kinds Lincheck checks: all of them in a deep run, the quick set otherwise */
    public static List<ChannelKind> forLincheck() {
        return all().stream().filter(k -> ProofBudget.deep() || QUICK_LINCHECK.contains(k.name())).toList();
    }

    private static ChannelKind proofSized(dev.conduit.channel.ChannelKind k) {
        int c = k.capacity();
        int small = c == 0 || c == Integer.MAX_VALUE || c == 1 ? c : Integer.bitCount(c) == 1 ? 2 : 3;
        dev.conduit.channel.ChannelKind sized = k.withCapacity(small);
        Order order = switch (k.ordering()) {
            case FIFO -> Order.FIFO;
            case LIFO -> Order.LIFO;
            case PRIORITY -> Order.PRIORITY;
        };
        return new ChannelKind(k.name(), small, order, k.overflow(), sized::create);
    }
}
