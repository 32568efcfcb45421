package dev.kubelb.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import org.junit.jupiter.api.Test;

class SelectiveStoreTest {
    private static ConfigMap cm(String name, String group, boolean keep) {
        return new ConfigMapBuilder().withNewMetadata().withNamespace("ns").withName(name)
                .addToLabels("group", group).addToLabels("keep", String.valueOf(keep)).endMetadata().build();
    }

    private final SelectiveStore<ConfigMap> store = new SelectiveStore<>(
            c -> "true".equals(c.getMetadata().getLabels().get("keep")), c -> c.getMetadata().getLabels().get("group"));

    @Test
    void keepsOnlyWhatThePredicateKeepsAndForgetsWhatStopsBeingKept() {
        assertThat(store.put("ns/a", cm("a", "g", false))).isNull();
        assertThat(store.size()).as("an object not kept costs nothing").isZero();
        assertThat(store.put("ns/a", cm("a", "g", true))).as("kept now: an add").isNull();
        assertThat(store.put("ns/a", cm("a", "g", false))).as("not kept any more: the old one is handed back")
                .isNotNull();
        assertThat(store.get("ns/a")).isNull();
        assertThat(store.group("g")).isEmpty();
        assertThat(store.isFullState()).isFalse();
    }

    @Test
    void groupsFollowTheObjectsAndForgetDropsAGroup() {
        store.put("ns/a", cm("a", "g1", true));
        store.put("ns/b", cm("b", "g1", true));
        store.put("ns/b", cm("b", "g2", true));
        assertThat(store.group("g1")).extracting(c -> c.getMetadata().getName()).containsExactly("a");
        assertThat(store.group("g2")).extracting(c -> c.getMetadata().getName()).containsExactly("b");
        store.remove("ns/a");
        assertThat(store.group("g1")).isEmpty();
        store.forget("g2");
        assertThat(store.get("ns/b")).isNull();
    }

    @Test
    void offerNeverReplacesWhatTheWatchDelivered() {
        ConfigMap fromWatch = new ConfigMapBuilder(cm("a", "g", true)).addToData("v", "watch").build();
        store.put("ns/a", fromWatch);
        store.offer(new ConfigMapBuilder(cm("a", "g", true)).addToData("v", "list").build());
        assertThat(store.get("ns/a").getData()).containsEntry("v", "watch");
        store.offer(cm("b", "g", true));
        store.offer(cm("c", "g", false));
        assertThat(store.group("g")).hasSize(2);
    }
}
