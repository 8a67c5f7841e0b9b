package io.sextant.diff;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import java.math.BigDecimal;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Quantities the API server treats as one value compare equal; others do not. */
class QuantityTest {

    @ParameterizedTest(name = "{0} = {1}: {2}")
    @CsvSource({
        "1000m, 1, true",
        "0.5, 500m, true",
        "1Gi, 1073741824, true",
        "1024Mi, 1Gi, true",
        "1k, 1e3, true",
        "1M, 1000k, true",
        "1.5Gi, 1536Mi, true",
        "100m, 0.1, true",
        "1Ki, 1k, false",
        "1, 2, false",
        "250m, 0.5, false",
        "1e999999999, 1e999999999, false",
        "lots, lots, false",
        "1Gb, 1Gb, false",
    })
    void comparesByValue(String a, String b, boolean equal) {
        assertThat(Quantity.equal(TextNode.valueOf(a), TextNode.valueOf(b))).isEqualTo(equal);
    }

    @ParameterizedTest(name = "number {0} = {1}")
    @CsvSource({"1, 1", "2, 2000m", "0.25, 250m"})
    void readsJsonNumbersToo(String number, String quantity) {
        var node = JsonNodeFactory.instance.numberNode(new BigDecimal(number));
        assertThat(Quantity.equal(node, TextNode.valueOf(quantity))).isTrue();
    }
}
