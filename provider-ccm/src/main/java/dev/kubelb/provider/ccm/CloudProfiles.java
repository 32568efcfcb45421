package dev.kubelb.provider.ccm;

import dev.kubelb.api.ConfigurationException;
import dev.kubelb.api.Problem;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cloud profiles available: the built-in ones shipped with this module, those listed by any
 * {@value #INDEX} file on the class path, and those contributed by {@link CloudProfileSource}
 * implementations found with {@link ServiceLoader}. Built-in profiles come first and win on a name
 * clash; a profile that cannot be read, or a duplicate, is logged (WARN), reported by
 * {@link #failures()} and skipped — never silently chosen.
 */
public final class CloudProfiles {
    private static final Logger LOG = LoggerFactory.getLogger(CloudProfiles.class);

    /** The index file listing profile names, one per line ({@code #} starts a comment). */
    public static final String INDEX = "META-INF/kubelb/ccm-profiles.index";

    /** The directory, next to the index, holding {@code <name>.properties}. */
    public static final String DIRECTORY = "META-INF/kubelb/ccm-profiles/";

    private final Map<String, CloudProfile> profiles;
    private final List<String> failures;

    private CloudProfiles(Map<String, CloudProfile> profiles, List<String> failures) {
        this.profiles = Collections.unmodifiableMap(new TreeMap<>(profiles));
        this.failures = List.copyOf(failures);
    }

    /**
     * @return the profiles visible to this module's class loader
     */
    public static CloudProfiles load() {
        return load(CloudProfiles.class.getClassLoader());
    }

    /**
     * @param loader the class loader to search for index files and {@link CloudProfileSource}s
     * @return the profiles found
     */
    public static CloudProfiles load(ClassLoader loader) {
        Objects.requireNonNull(loader, "loader");
        Map<String, CloudProfile> found = new TreeMap<>();
        Map<String, String> originOf = new TreeMap<>();
        List<String> failed = new ArrayList<>();
        for (URL index : indexes(loader, failed)) {
            for (String name : readIndex(index, failed)) {
                String origin = DIRECTORY + name + ".properties (listed by " + index + ")";
                try {
                    URL file = new URL(index, "ccm-profiles/" + name + ".properties");
                    CloudProfile p = CloudProfile.fromProperties(file.toString(), readProperties(file));
                    if (!p.name().equals(name)) {
                        fail(failed, origin + ": declares name '" + p.name() + "', expected '" + name + "'");
                        continue;
                    }
                    add(found, originOf, failed, p, file.toString());
                } catch (IOException | ConfigurationException e) {
                    fail(failed, origin + ": cannot be read: " + e.getMessage());
                }
            }
        }
        ServiceLoader<CloudProfileSource> sources = ServiceLoader.load(CloudProfileSource.class, loader);
        for (ServiceLoader.Provider<CloudProfileSource> candidate : sourceCandidates(sources, failed)) {
            String origin = candidate.type().getName();
            try {
                for (CloudProfile p : candidate.get().profiles()) {
                    add(found, originOf, failed, p, origin);
                }
            } catch (RuntimeException | ServiceConfigurationError | LinkageError e) {
                fail(failed, origin + ": failed to load: " + e);
            }
        }
        return new CloudProfiles(found, failed);
    }

    /**
     * @param profiles profiles (names must be unique)
     * @return a catalog holding exactly these profiles
     */
    public static CloudProfiles of(List<CloudProfile> profiles) {
        Map<String, CloudProfile> m = new TreeMap<>();
        for (CloudProfile p : profiles) {
            if (m.putIfAbsent(p.name(), p) != null) {
                throw new ConfigurationException("CloudProfile/" + p.name(), "name", "duplicate profile name");
            }
        }
        return new CloudProfiles(m, List.of());
    }

    private static List<ServiceLoader.Provider<CloudProfileSource>> sourceCandidates(
            ServiceLoader<CloudProfileSource> sources, List<String> failed) {
        List<ServiceLoader.Provider<CloudProfileSource>> out = new ArrayList<>();
        var it = sources.stream().iterator();
        while (true) {
            try {
                if (!it.hasNext()) {
                    return out;
                }
                out.add(it.next());
            } catch (ServiceConfigurationError e) {
                fail(failed, "CloudProfileSource: failed to load: " + e.getMessage());
            }
        }
    }

    private static void add(Map<String, CloudProfile> found, Map<String, String> originOf, List<String> failed,
            CloudProfile p, String origin) {
        String previous = originOf.putIfAbsent(p.name(), origin);
        if (previous != null) {
            fail(failed, origin + ": duplicate cloud profile '" + p.name() + "' (already provided by " + previous
                    + ")");
            return;
        }
        found.put(p.name(), p);
    }

    private static void fail(List<String> failed, String message) {
        LOG.warn("Skipping cloud profile {}", message);
        failed.add(message);
    }

    /** Index files, this module's own first so that built-in profiles win. */
    private static List<URL> indexes(ClassLoader loader, List<String> failed) {
        List<URL> own = new ArrayList<>();
        List<URL> others = new ArrayList<>();
        String ownLocation = ownLocation();
        try {
            Enumeration<URL> e = loader.getResources(INDEX);
            while (e.hasMoreElements()) {
                URL u = e.nextElement();
                if (!ownLocation.isEmpty() && u.toString().contains(ownLocation)) {
                    own.add(u);
                } else {
                    others.add(u);
                }
            }
        } catch (IOException ex) {
            fail(failed, INDEX + ": cannot list: " + ex.getMessage());
        }
        own.addAll(others);
        return own;
    }

    private static String ownLocation() {
        CodeSource cs = CloudProfiles.class.getProtectionDomain().getCodeSource();
        return cs == null || cs.getLocation() == null ? "" : cs.getLocation().toString();
    }

    private static List<String> readIndex(URL index, List<String> failed) {
        List<String> names = new ArrayList<>();
        try (InputStream in = index.openStream();
                BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                int hash = line.indexOf('#');
                String name = (hash >= 0 ? line.substring(0, hash) : line).trim();
                if (!name.isEmpty()) {
                    names.add(name);
                }
            }
        } catch (IOException e) {
            fail(failed, index + ": cannot be read: " + e.getMessage());
        }
        return names;
    }

    private static Properties readProperties(URL file) throws IOException {
        Properties p = new Properties();
        try (InputStream in = file.openStream(); Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        return p;
    }

    /**
     * @param name a profile name
     * @return the profile of that name
     */
    public Optional<CloudProfile> find(String name) {
        return Optional.ofNullable(profiles.get(name));
    }

    /**
     * @param name a profile name
     * @return the profile of that name
     * @throws ConfigurationException naming the known profiles when there is none of that name
     */
    public CloudProfile require(String name) {
        CloudProfile p = profiles.get(name);
        if (p == null) {
            throw new ConfigurationException(List.of(Problem.of("", CcmProvider.OPTION_CLOUD, "unknown cloud profile '"
                    + name + "'; known profiles: " + String.join(", ", names()))));
        }
        return p;
    }

    /** @return the profile names, sorted */
    public List<String> names() {
        return List.copyOf(profiles.keySet());
    }

    /** @return the profiles, sorted by name */
    public List<CloudProfile> all() {
        return List.copyOf(profiles.values());
    }

    /** @return the profiles that could not be loaded or were duplicates, with the reason */
    public List<String> failures() {
        return failures;
    }
}
