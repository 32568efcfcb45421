package dev.kubelb.core.testkit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the test class against fabric8's mock API server in CRUD mode (one per class, with expectations
 * taking precedence, as {@code @EnableKubernetesMockClient(crud = true)} does), answering as a real API
 * server where the mock throws instead: a JSON patch whose {@code test} operation fails gets 422 at once
 * (the mock leaves it unanswered until the client's 10 s request timeout, which made engine tests miss
 * their bounds). Injects the static fields of type {@code KubernetesClient} and {@code KubernetesMockServer}
 * of the class and its superclasses, and sets {@link Clusters#onMockServer()}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(MockApiExtension.class)
public @interface MockApi {
}
