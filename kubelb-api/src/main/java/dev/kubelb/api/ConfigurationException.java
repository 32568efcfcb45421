package dev.kubelb.api;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A configuration or input is invalid. Carries every {@link Problem} found, each naming the object and
 * the field, so that a whole configuration is reported at once and nothing is written.
 */
public class ConfigurationException extends KubeLbException {
    private static final long serialVersionUID = 1L;

    private final transient List<Problem> problems;

    /**
     * @param problems the problems found; at least one
     */
    public ConfigurationException(List<Problem> problems) {
        super(render(problems));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("problems: at least one problem is required");
        }
        this.problems = List.copyOf(problems);
    }

    /**
     * @param object the object, as {@code Kind/name}
     * @param field the field path
     * @param message what is wrong
     */
    public ConfigurationException(String object, String field, String message) {
        this(List.of(new Problem(object, field, message)));
    }

    /**
     * A problem with a single value, before it is known which object holds it.
     *
     * @param field the field path (or parameter name)
     * @param message what is wrong
     * @return the exception
     */
    public static ConfigurationException field(String field, String message) {
        return new ConfigurationException("", field, message);
    }

    /**
     * @return every problem found, in the order found
     */
    public List<Problem> problems() {
        return problems;
    }

    /**
     * @param prefix field prefix such as {@code spec.addresses[1]}
     * @param object the object to attribute problems to when they name none
     * @return a copy with every problem's field prefixed and object filled in
     */
    public ConfigurationException locate(String object, String prefix) {
        return new ConfigurationException(problems.stream()
                .map(p -> p.underField(prefix).inObject(object))
                .toList());
    }

    private static String render(List<Problem> problems) {
        return problems.stream().map(Problem::toString).collect(Collectors.joining("\n"));
    }
}
