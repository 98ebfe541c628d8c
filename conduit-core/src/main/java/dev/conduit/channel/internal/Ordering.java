package dev.conduit.channel.internal;

/** The order in which a buffered channel hands out its items. */
public enum Ordering {
    /** First sent, first received. */
    FIFO,
    /** Last sent, first received. */
    LIFO,
    /** Smallest by a comparator first; FIFO among equals. */
    PRIORITY
}
