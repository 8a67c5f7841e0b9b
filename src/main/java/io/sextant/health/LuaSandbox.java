package io.sextant.health;

import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.BaseLib;
import org.luaj.vm2.lib.MathLib;
import org.luaj.vm2.lib.StringLib;
import org.luaj.vm2.lib.TableLib;
import org.luaj.vm2.lib.VarArgFunction;

/**
 * The environment a health script runs in: a fresh {@link Globals} per run holding only what reads
 * data. Nothing reaches files, processes, the network, other scripts or the JVM.
 *
 * <ul>
 * <li>Base functions: {@code assert error ipairs next pairs pcall xpcall rawequal rawget rawlen rawset
 *     select setmetatable getmetatable tonumber tostring type _G _VERSION}, {@code print} as a no-op,
 *     and Lua 5.1's {@code unpack} (Argo CD's Lua is 5.1). Absent: {@code load loadstring loadfile
 *     dofile require module collectgarbage}, {@code io}, {@code debug}, {@code package},
 *     {@code coroutine}, {@code luajava}.</li>
 * <li>{@code string} (without {@code dump}), {@code table} (with 5.1's {@code getn}), {@code math}.</li>
 * <li>{@code os} holds only {@code time} and {@code date}: Argo CD's "safe os", which its bundled
 *     scripts (CronJob) use; {@code os.execute}, {@code os.exit}, {@code os.getenv} … are absent, so
 *     calling them is an ordinary error.</li>
 * </ul>
 * Library calls that would allocate a great deal in one step without returning to the VM (where the
 * {@link LuaWatchdog} counts) are capped at {@value #MAX_RESULT_BYTES} bytes or
 * {@value #MAX_RESULTS} values: {@code string.rep}, {@code string.gsub} with a string or table
 * replacement, {@code string.byte}, {@code table.concat}, {@code table.unpack}/{@code unpack}.
 *
 * <p>Strings share one metatable across the JVM in LuaJ ({@code ("x"):upper()}). It is set here, once,
 * to the capped functions, and {@code getmetatable} returns nil for strings, so no script can reach or
 * change it; each run's {@code string} global is its own copy.
 */
final class LuaSandbox {

    static final int MAX_RESULT_BYTES = 16 << 20;
    static final int MAX_RESULTS = 65_536;

    /** The capped string functions behind every string's metatable; never handed to a script. */
    private static final LuaTable STRING_FUNCTIONS = stringFunctions();

    static {
        LuaString.s_metatable = LuaValue.tableOf(new LuaValue[] {LuaValue.INDEX, STRING_FUNCTIONS});
    }

    private LuaSandbox() {}

    /** Fresh globals for one run; the caller sets {@code debuglib} to the run's {@link LuaWatchdog}. */
    static Globals globals() {
        Globals g = new Globals();
        LuaTable loaded = new LuaTable();
        g.set("package", LuaValue.tableOf(new LuaValue[] {LuaValue.valueOf("loaded"), loaded}));
        g.load(new BaseLib());
        g.load(new TableLib());
        g.load(new MathLib());
        for (String unsafe : new String[] {
            "load", "loadstring", "loadfile", "dofile", "require", "module", "collectgarbage", "package"
        }) {
            g.set(unsafe, LuaValue.NIL);
        }
        g.set("print", new NoOp());
        g.set("getmetatable", new GetMetatable(g.get("getmetatable")));
        LuaTable table = g.get("table").checktable();
        table.set("concat", new CappedConcat());
        table.set("unpack", new CappedUnpack());
        table.set("getn", new Getn());
        g.set("unpack", table.get("unpack"));
        g.set("string", copy(STRING_FUNCTIONS));
        g.set("os", LuaSafeOs.table());
        return g;
    }

    private static LuaTable stringFunctions() {
        Globals scratch = new Globals();
        scratch.set("package", LuaValue.tableOf(new LuaValue[] {LuaValue.valueOf("loaded"), new LuaTable()}));
        scratch.load(new StringLib());
        LuaTable lib = copy(scratch.get("string").checktable());
        lib.set("dump", LuaValue.NIL);
        lib.set("rep", new CappedRep());
        lib.set("gsub", new CappedGsub(lib.get("gsub")));
        lib.set("byte", new CappedByte(lib.get("byte")));
        return lib;
    }

    private static LuaTable copy(LuaTable source) {
        LuaTable copy = new LuaTable();
        LuaValue k = LuaValue.NIL;
        while (true) {
            Varargs n = source.next(k);
            if ((k = n.arg1()).isnil()) {
                return copy;
            }
            copy.rawset(k, n.arg(2));
        }
    }

    static LuaError tooLarge(String what) {
        return new LuaError(what + " result too large (limit " + MAX_RESULT_BYTES + " bytes)");
    }

    private static final class NoOp extends VarArgFunction {
        @Override
        public Varargs invoke(Varargs args) {
            return NONE;
        }
    }

    /** Hides the shared string metatable; tables behave as usual. */
    private static final class GetMetatable extends VarArgFunction {
        private final LuaValue delegate;

        GetMetatable(LuaValue delegate) {
            this.delegate = delegate;
        }

        @Override
        public Varargs invoke(Varargs args) {
            return args.arg1().isstring() && !args.arg1().isnumber() ? NIL : delegate.invoke(args);
        }
    }

    private static final class CappedRep extends VarArgFunction {
        @Override
        public Varargs invoke(Varargs args) {
            LuaString s = args.checkstring(1);
            long n = Math.max(0, args.checklong(2));
            LuaString sep = args.optstring(3, LuaValue.EMPTYSTRING);
            long total = s.length() * n + sep.length() * Math.max(0, n - 1);
            if (total > MAX_RESULT_BYTES) {
                throw tooLarge("string.rep");
            }
            byte[] out = new byte[(int) total];
            int at = 0;
            for (long i = 0; i < n; i++) {
                if (i > 0) {
                    sep.copyInto(0, out, at, sep.length());
                    at += sep.length();
                }
                s.copyInto(0, out, at, s.length());
                at += s.length();
            }
            return LuaString.valueUsing(out);
        }
    }

    /**
     * A string replacement can repeat each match ({@code %0%0%0}); a table one maps matches to strings
     * of any length. Both are bounded before the call; a function replacement returns to the VM for
     * every match, where the watchdog counts.
     */
    private static final class CappedGsub extends VarArgFunction {
        private final LuaValue delegate;

        CappedGsub(LuaValue delegate) {
            this.delegate = delegate;
        }

        @Override
        public Varargs invoke(Varargs args) {
            LuaString src = args.checkstring(1);
            LuaValue repl = args.arg(3);
            double perMatch;
            if (repl.isstring()) {
                LuaString r = repl.checkstring();
                int captures = 0;
                for (int i = 0; i < r.length(); i++) {
                    if (r.luaByte(i) == '%') {
                        captures++;
                    }
                }
                perMatch = r.length() + (double) captures * src.length();
            } else if (repl.istable()) {
                perMatch = longestString(repl.checktable());
            } else {
                perMatch = 0;
            }
            if ((double) src.length() + (src.length() + 1.0) * perMatch > MAX_RESULT_BYTES) {
                throw tooLarge("string.gsub");
            }
            return delegate.invoke(args);
        }

        private static int longestString(LuaTable t) {
            int longest = 0;
            LuaValue k = LuaValue.NIL;
            while (true) {
                Varargs n = t.next(k);
                if ((k = n.arg1()).isnil()) {
                    return longest;
                }
                if (n.arg(2).isstring()) {
                    longest = Math.max(longest, n.arg(2).checkstring().length());
                }
            }
        }
    }

    private static final class CappedByte extends VarArgFunction {
        private final LuaValue delegate;

        CappedByte(LuaValue delegate) {
            this.delegate = delegate;
        }

        @Override
        public Varargs invoke(Varargs args) {
            long from = args.optlong(2, 1);
            long to = args.optlong(3, from);
            int len = args.checkstring(1).length();
            long f = from < 0 ? len + from + 1 : from;
            long t = to < 0 ? len + to + 1 : Math.min(to, len);
            if (t - Math.max(f, 1) + 1 > MAX_RESULTS) {
                throw new LuaError("string.byte: too many results (limit " + MAX_RESULTS + ")");
            }
            return delegate.invoke(args);
        }
    }

    private static final class CappedConcat extends VarArgFunction {
        @Override
        public Varargs invoke(Varargs args) {
            LuaTable list = args.checktable(1);
            LuaString sep = args.optstring(2, LuaValue.EMPTYSTRING);
            int i = args.optint(3, 1);
            int j = args.isnoneornil(4) ? list.length() : args.checkint(4);
            long total = 0;
            for (long k = i; k <= j; k++) {
                LuaValue v = list.get((int) k);
                if (!v.isstring()) {
                    throw new LuaError("invalid value (at index " + k + ") in table for 'concat'");
                }
                total += v.checkstring().length() + (k > i ? sep.length() : 0);
                if (total > MAX_RESULT_BYTES) {
                    throw tooLarge("table.concat");
                }
            }
            return list.concat(sep, i, j);
        }
    }

    private static final class CappedUnpack extends VarArgFunction {
        @Override
        public Varargs invoke(Varargs args) {
            LuaTable t = args.checktable(1);
            int i = args.optint(2, 1);
            int j = args.isnoneornil(3) ? t.length() : args.checkint(3);
            if ((long) j - i + 1 > MAX_RESULTS) {
                throw new LuaError("too many results to unpack");
            }
            return i > j ? NONE : t.unpack(i, j);
        }
    }

    private static final class Getn extends VarArgFunction {
        @Override
        public Varargs invoke(Varargs args) {
            return valueOf(args.checktable(1).length());
        }
    }
}
