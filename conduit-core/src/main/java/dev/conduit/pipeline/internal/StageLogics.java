package dev.conduit.pipeline.internal;

import dev.conduit.pipeline.ItemConsumer;
import dev.conduit.pipeline.ItemFunction;
import dev.conduit.pipeline.ItemPredicate;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** The stage kinds of the builder, each as a factory of per-worker {@link StageLogic}. */
final class StageLogics {
    private StageLogics() {
    }

    static Supplier<StageLogic> identity() {
        StageLogic logic = (StageLogic.SingleResult) item -> item;
        return () -> logic;
    }

    @SuppressWarnings("unchecked")
    static Supplier<StageLogic> map(String stage, ItemFunction<?, ?> fn) {
        ItemFunction<Object, Object> f = (ItemFunction<Object, Object>) fn;
        StageLogic logic = (StageLogic.SingleResult) item -> nonNull(f.apply(item), stage, item);
        return () -> logic;
    }

    @SuppressWarnings("unchecked")
    static Supplier<StageLogic> filter(ItemPredicate<?> predicate) {
        ItemPredicate<Object> p = (ItemPredicate<Object>) predicate;
        StageLogic logic = (StageLogic.SingleResult) item -> p.test(item) ? item : null;
        return () -> logic;
    }

    @SuppressWarnings("unchecked")
    static Supplier<StageLogic> flatMap(String stage, ItemFunction<?, ? extends Iterable<?>> fn) {
        ItemFunction<Object, Iterable<?>> f = (ItemFunction<Object, Iterable<?>>) fn;
        StageLogic logic = (item, out) -> {
            for (Object result : nonNull(f.apply(item), stage, item)) {
                out.add(nonNull(result, stage, item));
            }
        };
        return () -> logic;
    }

    @SuppressWarnings("unchecked")
    static Supplier<StageLogic> peek(ItemConsumer<?> action) {
        ItemConsumer<Object> a = (ItemConsumer<Object>) action;
        StageLogic logic = (StageLogic.SingleResult) item -> {
            a.accept(item);
            return item;
        };
        return () -> logic;
    }

    @SuppressWarnings("unchecked")
    static Supplier<StageLogic> sink(ItemConsumer<?> action) {
        ItemConsumer<Object> a = (ItemConsumer<Object>) action;
        StageLogic logic = (StageLogic.SingleResult) item -> {
            a.accept(item);
            return null;
        };
        return () -> logic;
    }

    /** Groups consecutive items into lists of {@code size}; the last list may be shorter. */
    static Supplier<StageLogic> batch(int size) {
        return () -> new StageLogic() {
            private List<Object> current = new ArrayList<>(size);

            @Override
            public void apply(Object item, List<Object> out) {
                current.add(item);
                if (current.size() == size) {
                    out.add(List.copyOf(current));
                    current = new ArrayList<>(size);
                }
            }

            @Override
            public void finish(List<Object> out) {
                if (!current.isEmpty()) {
                    out.add(List.copyOf(current));
                    current = new ArrayList<>(size);
                }
            }

            @Override
            public List<Object> held() {
                return current;
            }
        };
    }

    private static <R> R nonNull(R result, String stage, Object item) {
        if (result == null) {
            throw new NullPointerException("stage '" + stage + "' returned null for item " + item
                    + "; pipeline items are never null (use filter to drop items)");
        }
        return result;
    }
}
