package dev.kubelb.provider.ccm;

import java.util.List;
import java.util.Map;

/** A third-party profile contributed in code through the {@link CloudProfileSource} SPI (test fixture). */
public final class ToyCloudProfileSource implements CloudProfileSource {

    @Override
    public List<CloudProfile> profiles() {
        return List.of(CloudProfile.fromProperties(ToyCloudProfileSource.class.getName(), Map.of(
                "name", "toycloud",
                "ipFamilies", "IPv4,IPv6",
                "visibility.public", "",
                "dualStack", "",
                "proxyProtocol", "toy.example/proxy-protocol=enabled")));
    }
}
