package dev.conduit.pipeline.internal;

import java.util.Iterator;
import java.util.Objects;

/** The source inlet over an iterator (from an {@code Iterable} or a {@code Stream}); one worker only. */
final class IteratorInlet implements Inlet {
    private final Iterator<?> iterator;

    IteratorInlet(Iterator<?> iterator) {
        this.iterator = iterator;
    }

    @Override
    public Object poll() {
        return iterator.hasNext() ? Objects.requireNonNull(iterator.next(), "the source produced a null item") : null;
    }

    @Override
    public Object take() throws EndOfInput {
        Object item = poll();
        if (item == null) {
            throw EndOfInput.INSTANCE;
        }
        return item;
    }

    @Override
    public String channelName() {
        return null;
    }
}
