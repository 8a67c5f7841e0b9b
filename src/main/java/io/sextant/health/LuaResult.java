package io.sextant.health;

import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaValue;

/** What a health script returned, read as Argo CD reads it. Stateless. */
final class LuaResult {

    private LuaResult() {}

    /**
     * @return the health, or null when the script gave none (nil, or an empty table): then the built-in
     *         rule decides, as gitops-engine falls back when an override returns no health
     */
    static Health toHealth(LuaValue returned) {
        if (returned.isnil()
                || returned.istable() && returned.next(LuaValue.NIL).arg1().isnil()) {
            return null;
        }
        if (!returned.istable()) {
            return Health.unknown("expect table output from Lua script, not " + returned.typename());
        }
        // rawget: a metatable on the result must not run code outside the watchdog's reach.
        LuaValue status = returned.rawget("status");
        if (!(status.isstring() && !status.isnumber()) || !Health.isKnownStatus(status.tojstring())) {
            return Health.unknown(LuaHealthRunner.INVALID_STATUS);
        }
        LuaValue message = returned.rawget("message");
        String text = message.isstring() || message.isboolean() ? message.tojstring() : "";
        return new Health(status.tojstring(), cut(text));
    }

    static String errorMessage(LuaError e) {
        String m = e.getMessage();
        return cut(m == null ? "Lua error" : m.strip());
    }

    static String cut(String s) {
        int max = LuaHealthRunner.MAX_MESSAGE_CHARS;
        return s.length() <= max ? s : s.substring(0, max) + "…";
    }
}
