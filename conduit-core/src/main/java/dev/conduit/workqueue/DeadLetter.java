package dev.conduit.workqueue;

import java.util.Objects;

/**
 * An item a queue gave up on: its bytes, the item if they decode, and why.
 *
 * @param id         the item's identity in its queue ({@link Delivery#id()})
 * @param item       the decoded item, or {@code null} if its bytes could not be decoded
 * @param encoded    the stored bytes, so that nothing is lost even when they do not decode
 * @param reason     why the item is dead
 * @param deliveries how many times it had been delivered
 * @param <T>        the item type
 */
public record DeadLetter<T>(long id, T item, byte[] encoded, String reason, int deliveries) {
    /** Checks the parts. */
    public DeadLetter {
        Objects.requireNonNull(encoded, "encoded");
        Objects.requireNonNull(reason, "reason");
    }
}
