package io.sextant.health;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.util.Locale;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaInteger;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;

/**
 * Argo CD's "safe os" for scripts: {@code os.time([table])} and {@code os.date([format [, time]])}
 * only, in the machine's zone ({@code !} in the format for UTC), as Argo CD (gopher-lua) does. Date
 * fields may be numbers or numeric strings, as standard Lua coerces them.
 */
final class LuaSafeOs {

    private LuaSafeOs() {}

    static LuaTable table() {
        LuaTable os = new LuaTable();
        os.set("time", new Time());
        os.set("date", new Date());
        return os;
    }

    private static final class Time extends VarArgFunction {
        @Override
        public Varargs invoke(Varargs args) {
            if (args.isnoneornil(1)) {
                return LuaInteger.valueOf(Instant.now().getEpochSecond());
            }
            LuaTable t = args.checktable(1);
            try {
                LocalDateTime local = LocalDateTime.of(field(t, "year", -1), 1, 1, 0, 0)
                        .plusMonths(field(t, "month", -1) - 1L)
                        .plusDays(field(t, "day", -1) - 1L)
                        .plusHours(field(t, "hour", 12))
                        .plusMinutes(field(t, "min", 0))
                        .plusSeconds(field(t, "sec", 0));
                return LuaInteger.valueOf(local.atZone(ZoneId.systemDefault()).toEpochSecond());
            } catch (DateTimeException e) {
                throw new LuaError("time out of range");
            }
        }

        private static int field(LuaTable t, String name, int fallback) {
            LuaValue v = t.rawget(name);
            if (v.isnil()) {
                if (fallback < 0) {
                    throw new LuaError("field '" + name + "' missing in date table");
                }
                return fallback;
            }
            LuaValue n = v.tonumber();
            if (n.isnil()) {
                throw new LuaError("field '" + name + "' is not a number");
            }
            return n.toint();
        }
    }

    private static final class Date extends VarArgFunction {
        @Override
        public Varargs invoke(Varargs args) {
            String format = args.optjstring(1, "%c");
            ZoneId zone = ZoneId.systemDefault();
            if (format.startsWith("!")) {
                zone = ZoneOffset.UTC;
                format = format.substring(1);
            }
            Instant when = args.isnoneornil(2) ? Instant.now() : Instant.ofEpochSecond(args.checklong(2));
            ZonedDateTime t = when.atZone(zone);
            if (format.startsWith("*t")) {
                LuaTable out = new LuaTable();
                out.set("year", t.getYear());
                out.set("month", t.getMonthValue());
                out.set("day", t.getDayOfMonth());
                out.set("hour", t.getHour());
                out.set("min", t.getMinute());
                out.set("sec", t.getSecond());
                out.set("wday", t.getDayOfWeek().getValue() % 7 + 1);
                out.set("yday", t.getDayOfYear());
                out.set("isdst", LuaValue.FALSE);
                return out;
            }
            return valueOf(strftime(t, format));
        }
    }

    static String strftime(ZonedDateTime t, String format) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < format.length(); i++) {
            char c = format.charAt(i);
            if (c != '%' || i == format.length() - 1) {
                out.append(c);
                continue;
            }
            char f = format.charAt(++i);
            switch (f) {
                case 'a' -> out.append(t.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.ROOT));
                case 'A' -> out.append(t.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ROOT));
                case 'b' -> out.append(t.getMonth().getDisplayName(TextStyle.SHORT, Locale.ROOT));
                case 'B' -> out.append(t.getMonth().getDisplayName(TextStyle.FULL, Locale.ROOT));
                case 'c' -> out.append(t.format(DateTimeFormatter.ofPattern("dd MMM yy HH:mm z", Locale.ROOT)));
                case 'd' -> out.append(String.format(Locale.ROOT, "%02d", t.getDayOfMonth()));
                case 'F' -> out.append(t.toLocalDate());
                case 'H' -> out.append(String.format(Locale.ROOT, "%02d", t.getHour()));
                case 'I' -> out.append(String.format(Locale.ROOT, "%02d", (t.getHour() + 11) % 12 + 1));
                case 'j' -> out.append(String.format(Locale.ROOT, "%03d", t.getDayOfYear()));
                case 'm' -> out.append(String.format(Locale.ROOT, "%02d", t.getMonthValue()));
                case 'M' -> out.append(String.format(Locale.ROOT, "%02d", t.getMinute()));
                case 'p' -> out.append(t.getHour() < 12 ? "AM" : "PM");
                case 'S' -> out.append(String.format(Locale.ROOT, "%02d", t.getSecond()));
                case 'w' -> out.append(t.getDayOfWeek().getValue() % 7);
                case 'x' -> out.append(t.format(DateTimeFormatter.ofPattern("MM/dd/yy", Locale.ROOT)));
                case 'X' -> out.append(t.format(DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT)));
                case 'y' -> out.append(String.format(Locale.ROOT, "%02d", t.getYear() % 100));
                case 'Y' -> out.append(t.getYear());
                case 'z' -> out.append(t.format(DateTimeFormatter.ofPattern("xx", Locale.ROOT)));
                case 'Z' -> out.append(t.getZone().getDisplayName(TextStyle.SHORT, Locale.ROOT));
                case '%' -> out.append('%');
                default -> out.append('%').append(f);
            }
        }
        return out.toString();
    }
}
