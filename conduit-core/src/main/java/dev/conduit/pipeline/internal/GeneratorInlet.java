package dev.conduit.pipeline.internal;

import dev.conduit.pipeline.ItemGenerator;

/** The source inlet over a generator; {@code null} from the generator ends the input. One worker only. */
final class GeneratorInlet implements Inlet {
    private final ItemGenerator<?> generator;
    private boolean ended;

    GeneratorInlet(ItemGenerator<?> generator) {
        this.generator = generator;
    }

    @Override
    public Object poll() throws Exception {
        if (ended) {
            return null;
        }
        Object item = generator.next();
        ended = item == null;
        return item;
    }

    @Override
    public Object take() throws Exception {
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
