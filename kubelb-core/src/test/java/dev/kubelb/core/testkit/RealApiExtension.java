package dev.kubelb.core.testkit;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.opentest4j.TestAbortedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The JUnit 5 extension behind {@link RealApi}. */
public final class RealApiExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {
    private static final Logger LOG = LoggerFactory.getLogger(RealApiExtension.class);
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(RealApiExtension.class);

    /** @return whether this run is CI's, where a skipped real-server test is a failure */
    static boolean inCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        Optional<EnvtestAssets> assets = EnvtestAssets.locate();
        String testClass = context.getRequiredTestClass().getSimpleName();
        if (assets.isEmpty()) {
            String why = "no real control plane for " + testClass + ": " + EnvtestAssets.whyUnavailable()
                    + ". Install Go (the tests build kube-apiserver and etcd with ci/envtest/build.sh) or set "
                    + "KUBEBUILDER_ASSETS to a folder holding kube-apiserver and etcd.";
            if (inCi()) {
                throw new IllegalStateException("CI=true: a real-server test may not be skipped. " + why);
            }
            LOG.warn("!!! SKIPPED {}", why);
            throw new TestAbortedException(why);
        }
        RealApiServer server = RealApiServer.start(assets.get(), testClass);
        context.getStore(NS).put("server", server);
        Clusters.onRealServer();
        RealApi settings = context.getRequiredTestClass().getAnnotation(RealApi.class);
        for (String ns : settings == null ? new String[0] : settings.namespaces()) {
            server.ensureNamespace(ns);
        }
        StaticFields.inject(context.getRequiredTestClass(), Map.of(RealApiServer.class, server,
                io.fabric8.kubernetes.client.KubernetesClient.class, server.admin()));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        RealApiServer server = context.getStore(NS).remove("server", RealApiServer.class);
        if (server != null) {
            server.close();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
        return p.getParameter().getType() == RealApiServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext e) {
        for (ExtensionContext c = e; c != null; c = c.getParent().orElse(null)) {
            RealApiServer s = c.getStore(NS).get("server", RealApiServer.class);
            if (s != null) {
                return s;
            }
        }
        throw new IllegalStateException("no real API server started for " + e.getDisplayName());
    }
}
