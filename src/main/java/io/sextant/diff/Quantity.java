package io.sextant.diff;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Kubernetes resource quantities ({@code 100m}, {@code 1Gi}, {@code 1e3}, {@code 0.5}) as exact
 * numbers, so that {@code 1000m} equals {@code 1} and {@code 1Gi} equals {@code 1073741824}: the API
 * server stores a quantity in its canonical form, whatever the manifest wrote.
 *
 * <p>Only what the API server itself accepts is parsed; exponents are bounded so a hostile
 * {@code 1e999999999} is simply "not a quantity" rather than a huge number. Stateless.
 */
final class Quantity {

    private static final Pattern FORM = Pattern.compile(
            "([+-]?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+))(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?[0-9]{1,3})?");

    private Quantity() {}

    /** The exact value of a quantity given as text or as a JSON number; empty if it is neither. */
    static Optional<BigDecimal> parse(JsonNode node) {
        if (node == null) {
            return Optional.empty();
        }
        if (node.isNumber()) {
            return Optional.of(node.decimalValue());
        }
        if (!node.isTextual()) {
            return Optional.empty();
        }
        return parse(node.textValue());
    }

    static Optional<BigDecimal> parse(String text) {
        if (text == null || text.isEmpty() || text.length() > 64) {
            return Optional.empty();
        }
        Matcher m = FORM.matcher(text.trim());
        if (!m.matches()) {
            return Optional.empty();
        }
        BigDecimal number = new BigDecimal(m.group(1));
        String suffix = m.group(2);
        if (suffix == null) {
            return Optional.of(number);
        }
        BigDecimal scaled = switch (suffix) {
            case "Ki" -> number.multiply(BigDecimal.valueOf(1L << 10));
            case "Mi" -> number.multiply(BigDecimal.valueOf(1L << 20));
            case "Gi" -> number.multiply(BigDecimal.valueOf(1L << 30));
            case "Ti" -> number.multiply(BigDecimal.valueOf(1L << 40));
            case "Pi" -> number.multiply(BigDecimal.valueOf(1L << 50));
            case "Ei" -> number.multiply(BigDecimal.valueOf(1L << 60));
            case "n" -> number.scaleByPowerOfTen(-9);
            case "u" -> number.scaleByPowerOfTen(-6);
            case "m" -> number.scaleByPowerOfTen(-3);
            case "k" -> number.scaleByPowerOfTen(3);
            case "M" -> number.scaleByPowerOfTen(6);
            case "G" -> number.scaleByPowerOfTen(9);
            case "T" -> number.scaleByPowerOfTen(12);
            case "P" -> number.scaleByPowerOfTen(15);
            case "E" -> number.scaleByPowerOfTen(18);
            default -> number.scaleByPowerOfTen(Integer.parseInt(suffix.substring(1)));
        };
        return Optional.of(scaled);
    }

    /** True if both are quantities of the same exact value. */
    static boolean equal(JsonNode a, JsonNode b) {
        Optional<BigDecimal> x = parse(a);
        Optional<BigDecimal> y = parse(b);
        return x.isPresent() && y.isPresent() && x.get().compareTo(y.get()) == 0;
    }
}
