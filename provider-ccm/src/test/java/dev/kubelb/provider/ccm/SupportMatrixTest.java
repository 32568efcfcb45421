package dev.kubelb.provider.ccm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** Keeps the support matrix in provider-ccm/README.md in step with the built-in profiles. */
class SupportMatrixTest {
    static final List<String> CLOUDS = List.of("aws", "aws-lbc", "gcp", "azure", "hetzner", "openstack",
            "digitalocean", "oci");

    static String matrix() {
        StringBuilder sb = new StringBuilder("| option |");
        CLOUDS.forEach(c -> sb.append(' ').append(c).append(" |"));
        sb.append("\n|---|");
        CLOUDS.forEach(c -> sb.append("---|"));
        sb.append('\n');
        for (NeutralOption o : NeutralOption.values()) {
            sb.append("| ").append(o.key()).append(" |");
            for (String c : CLOUDS) {
                CloudProfile p = Fixtures.profile(c);
                String cell = p.mapping(o).map(m -> m.onlyFor().map(v -> v.name().toLowerCase(Locale.ROOT) + " only")
                        .orElse("yes")).orElse("no");
                sb.append(' ').append(cell).append(" |");
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    @Test
    void readmeShowsTheCurrentMatrix() throws IOException {
        String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
        assertThat(readme).as("README.md support matrix; regenerate it from SupportMatrixTest.matrix()")
                .contains(matrix());
    }
}
