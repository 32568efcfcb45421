package dev.kubelb.core.testkit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the test class against one real control plane ({@link RealApiServer}), started before its first
 * test and stopped after its last. The server is injected into static fields of type
 * {@link RealApiServer} and into parameters of that type, its admin client into static fields of type
 * {@code KubernetesClient} (the class's and its superclasses'), the {@link #namespaces()} are created,
 * and {@link Clusters#onRealServer()} is set. Where the control plane cannot be had (no Go
 * toolchain, no {@code KUBEBUILDER_ASSETS}) the class is skipped with a loud warning; with {@code CI=true}
 * it fails instead, since a skipped real-server test proves nothing.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(RealApiExtension.class)
public @interface RealApi {
    /** @return namespaces the tests use, created before the first test (a real server needs them) */
    String[] namespaces() default {};
}
