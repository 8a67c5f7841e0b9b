package io.sextant.diff;

/**
 * An ignoreDifferences rule is malformed: a JSON pointer that is not RFC 6901, a jq expression that
 * does not compile or calls an unknown function, a settings key or value that cannot be read. The
 * message names the rule (the Application's {@code ignoreDifferences[i]} or the settings key) and
 * the offending expression; it never quotes a resource's values.
 */
public class IgnoreRuleException extends IllegalArgumentException {

    public IgnoreRuleException(String message) {
        super(message);
    }
}
