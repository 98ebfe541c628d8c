package dev.conduit.nats;

/**
 * The JetStream names one Conduit queue uses, all derived from its name, and the state recorded in
 * its stream's description. One place, so that every process agrees.
 *
 * <ul>
 *   <li>stream {@code CONDUIT_<name>}, work-queue retention, file storage: subjects
 *       {@code conduit.<name>.items} (the items; removed from the stream by a close, so that later
 *       puts find no stream), {@code conduit.<name>.ctl} (at most one fence marker, written after
 *       the close) and {@code conduit.<name>.cancel} (one message per cancel, holding how many items
 *       it handed back);</li>
 *   <li>durable pull consumer {@code workers} on the items subject;</li>
 *   <li>stream {@code CONDUIT_<name>_DEAD}, limits retention: the dead letters;</li>
 *   <li>key-value bucket {@code CONDUIT_<name>_claims}: {@link NatsClaims}.</li>
 * </ul>
 */
final class QueueLayout {
    static final String CONSUMER = "workers";
    static final String DESCRIPTION_OPEN = "conduit work queue";
    static final String CLOSED = "; closed";
    static final String CANCELLED = "; cancelled";

    final String name;
    final String stream;
    final String items;
    final String ctl;
    final String cancel;
    final String deadStream;
    final String dead;
    final String claims;

    QueueLayout(String name) {
        this.name = name;
        this.stream = "CONDUIT_" + name;
        this.items = "conduit." + name + ".items";
        this.ctl = "conduit." + name + ".ctl";
        this.cancel = "conduit." + name + ".cancel";
        this.deadStream = "CONDUIT_" + name + "_DEAD";
        this.dead = "conduit." + name + ".dead";
        this.claims = "CONDUIT_" + name + "_claims";
    }

    /** @return the description that records a close, with the cause's one-line description or none */
    static String closedDescription(String cause) {
        return DESCRIPTION_OPEN + CLOSED + (cause == null ? "" : ": " + cause);
    }

    private static final String MAX_DELIVERIES = "conduit workers; max deliveries ";

    static String consumerDescription(int maxDeliveries) {
        return MAX_DELIVERIES + maxDeliveries;
    }

    /** @return the max deliveries recorded in a consumer's description, or {@code otherwise} */
    static int maxDeliveries(String description, int otherwise) {
        if (description != null && description.startsWith(MAX_DELIVERIES)) {
            try {
                return Integer.parseInt(description.substring(MAX_DELIVERIES.length()).trim());
            } catch (NumberFormatException e) {
                return otherwise;
            }
        }
        return otherwise;
    }

    static boolean isCancelled(String description) {
        return description != null && description.contains(CANCELLED);
    }

    /** @return the cause recorded by the first close, or {@code null} */
    static String closeCause(String description) {
        if (description == null) {
            return null;
        }
        int at = description.indexOf(CLOSED + ": ");
        if (at < 0) {
            return null;
        }
        String rest = description.substring(at + CLOSED.length() + 2);
        int cancelled = rest.indexOf(CANCELLED);
        return cancelled < 0 ? rest : rest.substring(0, cancelled);
    }
}
