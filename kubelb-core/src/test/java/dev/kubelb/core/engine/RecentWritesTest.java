package dev.kubelb.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubelb.core.internal.RecentWrites;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import org.junit.jupiter.api.Test;

class RecentWritesTest {
    private static final String KEY = "Service/tenant-a/web";
    private final RecentWrites recent = new RecentWrites();

    private static Service at(String rv) {
        return new ServiceBuilder().withNewMetadata().withNamespace("tenant-a").withName("web")
                .withResourceVersion(rv).endMetadata().build();
    }

    @Test
    void withoutWritesTheCacheIsTheTruth() {
        Service cached = at("5");
        assertThat(recent.current(KEY, cached)).isSameAs(cached);
        assertThat(recent.current(KEY, null)).isNull();
    }

    @Test
    void theOwnWriteWinsWhileTheCacheStillShowsTheVersionItWasBasedOn() {
        Service cached = at("5");
        Service written = at("6");
        recent.wrote(KEY, cached, "5", written);
        assertThat(recent.current(KEY, cached)).isSameAs(written);
    }

    @Test
    void aChainOfOwnWritesIsFollowedWhileTheCacheCatchesUp() {
        Service v5 = at("5");
        Service v6 = at("6");
        Service v7 = at("7");
        recent.wrote(KEY, v5, "5", v6); // the finalizer
        recent.wrote(KEY, v5, "6", v7); // then the status, from the finalizer's answer
        assertThat(recent.current(KEY, v5)).isSameAs(v7);
        assertThat(recent.current(KEY, at("6"))).as("the cache delivered the first write only").isSameAs(v7);
        Service delivered = at("7");
        assertThat(recent.current(KEY, delivered)).as("caught up").isSameAs(delivered);
        assertThat(recent.current(KEY, v5)).as("the entry is gone once the cache caught up").isSameAs(v5);
    }

    @Test
    void anyOtherVersionInTheCacheMeansSomeoneWroteAfterUs() {
        Service v5 = at("5");
        recent.wrote(KEY, v5, "5", at("6"));
        Service theirs = at("8");
        assertThat(recent.current(KEY, theirs)).isSameAs(theirs);
    }

    @Test
    void aWriteNotFollowingTheLastOneStartsANewChain() {
        Service v5 = at("5");
        recent.wrote(KEY, v5, "5", at("6"));
        // a later write based on a fresh read at 9 (after a conflict): versions 5 and 6 no longer vouch for it
        Service v10 = at("10");
        recent.wrote(KEY, at("8"), "9", v10);
        assertThat(recent.current(KEY, at("6"))).isNotSameAs(v10);
        recent.wrote(KEY, at("8"), "9", v10);
        assertThat(recent.current(KEY, at("8"))).isSameAs(v10);
        assertThat(recent.current(KEY, at("9"))).isSameAs(v10);
    }

    @Test
    void forgetAndClearDropEntries() {
        Service v5 = at("5");
        HasMetadata written = at("6");
        recent.wrote(KEY, v5, "5", written);
        recent.forget(KEY);
        assertThat(recent.current(KEY, v5)).isSameAs(v5);
        recent.wrote(KEY, v5, "5", written);
        recent.clear();
        assertThat(recent.current(KEY, v5)).isSameAs(v5);
    }
}
