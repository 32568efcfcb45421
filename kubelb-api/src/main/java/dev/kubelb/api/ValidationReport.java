package dev.kubelb.api;

import java.util.ArrayList;
import java.util.List;

/**
 * The outcome of validating a configuration: errors (which stop anything from being written) and
 * warnings (classic mistakes that are legal).
 *
 * @param errors problems that make the configuration invalid
 * @param warnings legal but suspicious findings
 */
public record ValidationReport(List<Problem> errors, List<Problem> warnings) {

    /** A report with nothing in it. */
    public static final ValidationReport OK = new ValidationReport(List.of(), List.of());

    /** Copies the lists. */
    public ValidationReport {
        errors = Checks.list(errors, "errors");
        warnings = Checks.list(warnings, "warnings");
    }

    /**
     * @return whether there are no errors
     */
    public boolean isValid() {
        return errors.isEmpty();
    }

    /**
     * @return this report
     * @throws ConfigurationException carrying every error, when there is one
     */
    public ValidationReport throwIfInvalid() {
        if (!errors.isEmpty()) {
            throw new ConfigurationException(errors);
        }
        return this;
    }

    /**
     * @param other another report
     * @return both reports' findings
     */
    public ValidationReport merge(ValidationReport other) {
        List<Problem> e = new ArrayList<>(errors);
        e.addAll(other.errors);
        List<Problem> w = new ArrayList<>(warnings);
        w.addAll(other.warnings);
        return new ValidationReport(e, w);
    }
}
