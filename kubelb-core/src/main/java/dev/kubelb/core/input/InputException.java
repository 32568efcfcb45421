package dev.kubelb.core.input;

import dev.kubelb.api.KubeLbException;
import java.util.List;
import java.util.Objects;

/**
 * Input that is refused: every problem found in every document, each naming its file, document, object and field.
 * Thrown by {@link InputReader} before anything is planned or written.
 */
public final class InputException extends KubeLbException {
    private static final long serialVersionUID = 1L;

    /**
     * One problem.
     *
     * @param file the file as named by the caller ({@code -} for standard input)
     * @param document the 1-based index of the document among the file's non-empty ones; 0 when the file as a
     *        whole is refused (unreadable, not UTF-8)
     * @param line the 1-based line where the document or the problem starts; 0 when unknown
     * @param object {@code Kind/namespace/name} (or {@code Kind/name}), empty when the document is no object
     * @param field the field path, e.g. {@code spec.ports[0].protocol}; empty when about the whole document
     * @param message what is wrong, for a human
     */
    public record Problem(String file, int document, int line, String object, String field, String message) {
        /** Validates non-null. */
        public Problem {
            Objects.requireNonNull(file, "file");
            Objects.requireNonNull(object, "object");
            Objects.requireNonNull(field, "field");
            Objects.requireNonNull(message, "message");
        }

        /** @return {@code file: document N: Kind/ns/name: field: message}, leaving out what is empty */
        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder(file);
            if (document > 0) {
                sb.append(": document ").append(document);
            }
            if (!object.isEmpty()) {
                sb.append(": ").append(object);
            }
            if (!field.isEmpty()) {
                sb.append(": ").append(field);
            }
            return sb.append(": ").append(message).toString();
        }
    }

    private final transient List<Problem> problems;

    /**
     * @param problems at least one
     */
    public InputException(List<Problem> problems) {
        super(summary(problems));
        this.problems = List.copyOf(problems);
    }

    /** @return every problem, in input order */
    public List<Problem> problems() {
        return problems;
    }

    private static String summary(List<Problem> problems) {
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("an InputException needs at least one problem");
        }
        return problems.size() == 1 ? problems.get(0).toString()
                : problems.size() + " problems, the first: " + problems.get(0);
    }
}
