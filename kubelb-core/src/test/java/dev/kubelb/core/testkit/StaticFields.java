package dev.kubelb.core.testkit;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Map;

/** Sets a test class's static fields (its own and its superclasses') by their type, as the harnesses inject. */
final class StaticFields {
    private StaticFields() {
    }

    static void inject(Class<?> testClass, Map<Class<?>, Object> byType) throws IllegalAccessException {
        for (Class<?> c = testClass; c != null; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                Object value = byType.get(f.getType());
                if (Modifier.isStatic(f.getModifiers()) && value != null) {
                    f.setAccessible(true);
                    f.set(null, value);
                }
            }
        }
    }
}
