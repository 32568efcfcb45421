package dev.kubelb.core.internal;

import dev.kubelb.core.ProviderLoader;
import dev.kubelb.spi.LoadBalancerProvider;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;

/** {@link ServiceLoader}-backed provider discovery that survives broken entries. */
public final class ServiceLoaderProviders implements ProviderLoader {

    @Override
    public List<Candidate> candidates() {
        List<Candidate> out = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        if (context != null) {
            collect(context, out, seen);
        }
        collect(ServiceLoaderProviders.class.getClassLoader(), out, seen);
        return out;
    }

    private static void collect(ClassLoader loader, List<Candidate> out, Set<String> seen) {
        ServiceLoader<LoadBalancerProvider> sl = ServiceLoader.load(LoadBalancerProvider.class, loader);
        Iterator<ServiceLoader.Provider<LoadBalancerProvider>> it = sl.stream().iterator();
        while (true) {
            ServiceLoader.Provider<LoadBalancerProvider> p;
            try {
                if (!it.hasNext()) {
                    return;
                }
                p = it.next();
            } catch (ServiceConfigurationError e) {
                // a listed class that cannot be found or is not a provider: report it as a broken candidate
                String msg = e.getMessage();
                out.add(new Candidate(msg == null ? "unknown" : msg, () -> {
                    throw e;
                }));
                continue;
            }
            String type;
            try {
                type = p.type().getName();
            } catch (ServiceConfigurationError e) {
                out.add(new Candidate(String.valueOf(e.getMessage()), () -> {
                    throw e;
                }));
                continue;
            }
            if (seen.add(type)) {
                out.add(new Candidate(type, p::get));
            }
        }
    }
}
