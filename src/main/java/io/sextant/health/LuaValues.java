package io.sextant.health;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;
import org.luaj.vm2.LuaInteger;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;

/**
 * A Kubernetes object as the Lua table Argo CD hands to scripts: maps become tables with string keys,
 * lists become sequences from 1, numbers Lua numbers, JSON null nil (so the key reads as absent).
 */
final class LuaValues {

    /** Deeper objects are refused rather than walked: the API server never returns such things. */
    static final int MAX_DEPTH = 100;

    private LuaValues() {}

    static LuaValue toLua(JsonNode node) {
        return toLua(node, 0);
    }

    private static LuaValue toLua(JsonNode node, int depth) {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException("object nested deeper than " + MAX_DEPTH + " levels");
        }
        switch (node.getNodeType()) {
            case OBJECT: {
                LuaTable t = new LuaTable(0, node.size());
                Iterator<Map.Entry<String, JsonNode>> it = node.properties().iterator();
                while (it.hasNext()) {
                    Map.Entry<String, JsonNode> e = it.next();
                    LuaValue v = toLua(e.getValue(), depth + 1);
                    if (!v.isnil()) {
                        t.rawset(e.getKey(), v);
                    }
                }
                return t;
            }
            case ARRAY: {
                LuaTable t = new LuaTable(node.size(), 0);
                int i = 1;
                for (JsonNode item : node) {
                    // A null inside a list is dropped, as in Argo CD (gopher-lua's Append ignores nil), so
                    // # counts the other items and ipairs does not stop at the gap.
                    if (!item.isNull()) {
                        t.rawset(i++, toLua(item, depth + 1));
                    }
                }
                return t;
            }
            case STRING:
                return LuaValue.valueOf(node.asText());
            case NUMBER:
                if (node.canConvertToLong() && node.isIntegralNumber()) {
                    return LuaInteger.valueOf(node.asLong());
                }
                return LuaValue.valueOf(node.asDouble());
            case BOOLEAN:
                return LuaValue.valueOf(node.asBoolean());
            default:
                return LuaValue.NIL;
        }
    }
}
