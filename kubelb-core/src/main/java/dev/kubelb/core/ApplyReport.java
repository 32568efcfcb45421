package dev.kubelb.core;

import java.util.List;

/**
 * What applying (or diffing) a plan did (or would do), each object named {@code Kind/namespace/name}.
 *
 * @param created objects created
 * @param updated objects changed
 * @param unchanged objects already as desired (no write)
 * @param deleted owned objects pruned because the plan no longer contains them
 */
public record ApplyReport(List<String> created, List<String> updated, List<String> unchanged, List<String> deleted) {

    /** Copies the lists. */
    public ApplyReport {
        created = List.copyOf(created);
        updated = List.copyOf(updated);
        unchanged = List.copyOf(unchanged);
        deleted = List.copyOf(deleted);
    }

    /**
     * @return the number of writes (creates + updates + deletes)
     */
    public int writes() {
        return created.size() + updated.size() + deleted.size();
    }
}
