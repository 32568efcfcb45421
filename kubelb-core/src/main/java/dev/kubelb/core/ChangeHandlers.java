package dev.kubelb.core;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * What a watched change does: an add, a relevant update (another resource version, and a change the
 * predicate cares for) and a delete all call one consumer; a delete may first run another.
 */
final class ChangeHandlers {
    private ChangeHandlers() {
    }

    static <T extends HasMetadata> ResourceEventHandler<T> handler(Consumer<T> onChange) {
        return handler(onChange, o -> { });
    }

    static <T extends HasMetadata> ResourceEventHandler<T> handler(Consumer<T> onChange,
            Consumer<T> onDeleteFirst) {
        return handler(onChange, onDeleteFirst, (a, b) -> true);
    }

    static <T extends HasMetadata> ResourceEventHandler<T> handler(Consumer<T> onChange,
            java.util.function.BiPredicate<T, T> relevant) {
        return handler(onChange, o -> { }, relevant);
    }

    static <T extends HasMetadata> ResourceEventHandler<T> handler(Consumer<T> onChange,
            Consumer<T> onDeleteFirst, java.util.function.BiPredicate<T, T> relevant) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(T obj) {
                onChange.accept(obj);
            }

            @Override
            public void onUpdate(T oldObj, T newObj) {
                if (!Objects.equals(oldObj.getMetadata().getResourceVersion(),
                        newObj.getMetadata().getResourceVersion()) && relevant.test(oldObj, newObj)) {
                    onChange.accept(newObj);
                }
            }

            @Override
            public void onDelete(T obj, boolean deletedFinalStateUnknown) {
                onDeleteFirst.accept(obj);
                onChange.accept(obj);
            }
        };
    }
}
