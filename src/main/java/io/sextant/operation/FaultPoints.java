package io.sextant.operation;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * A test hook in the sync's steps, off unless a fault test turns it on with the system property
 * {@code sextant.testing.fault-points}, a comma-separated list of {@code <point>@<application>} (e.g.
 * {@code hook-created@shop,during-prune@web}). The first time that application's sync reaches that point
 * the sync thread logs {@code fault point <point> reached by <application>} and holds there until the
 * process ends, so a test can SIGTERM or SIGKILL the controller at exactly that moment instead of sleeping
 * and hoping; with a hold time ({@code after-apply@shop/10s}) it goes on after that many seconds, so a test
 * can stall the process there (SIGSTOP) and see what the sync does when it wakes. Not a user setting: nothing reads it unless it is set. Thread-safe.
 */
public final class FaultPoints {

    private static final Logger LOG = Logger.getLogger(FaultPoints.class);
    private static final String PROPERTY = "sextant.testing.fault-points";
    private static final Map<String, Long> ARMED = parse(System.getProperty(PROPERTY, ""));
    private static final Map<String, Boolean> REACHED = new ConcurrentHashMap<>();

    private FaultPoints() {}

    /** Holds the calling sync thread when a test armed {@code point} for {@code app}; otherwise returns at once. */
    public static void reach(FaultPoint point, String app) {
        if (ARMED.isEmpty() || ARMED.get(point.settingName() + "@" + app) == null) {
            return;
        }
        if (REACHED.putIfAbsent(point.settingName() + "@" + app, true) != null) {
            return;
        }
        long holdMillis = ARMED.get(point.settingName() + "@" + app);
        LOG.warnf(
                "fault point %s reached by %s: this sync holds here %s",
                point.settingName(),
                app,
                holdMillis == Long.MAX_VALUE ? "until the process ends" : "for " + holdMillis / 1000 + " s");
        try {
            Thread.sleep(holdMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            // Stopping: the sync ends here as if the process had, nothing of this step recorded.
            throw new IllegalStateException("stopped at fault point " + point.settingName());
        }
    }

    /** {@code point@app} to the hold in milliseconds ({@link Long#MAX_VALUE}: until the process ends). */
    private static Map<String, Long> parse(String setting) {
        Map<String, Long> armed = new HashMap<>();
        for (String item : setting.split(",")) {
            String s = item.trim();
            int at = s.indexOf('@');
            if (at <= 0) {
                continue;
            }
            long hold = Long.MAX_VALUE;
            int slash = s.indexOf('/', at);
            if (slash > 0) {
                String time = s.substring(slash + 1);
                if (!time.matches("[0-9]+s")) {
                    throw new IllegalArgumentException(PROPERTY + ": a hold is whole seconds such as 10s, not " + time);
                }
                hold = Long.parseLong(time.substring(0, time.length() - 1)) * 1000;
                s = s.substring(0, slash);
            }
            String point = s.substring(0, at);
            FaultPoint found = null;
            for (FaultPoint p : FaultPoint.values()) {
                if (p.settingName().equals(point)) {
                    found = p;
                }
            }
            if (found == null) {
                throw new IllegalArgumentException(PROPERTY + ": no fault point " + point);
            }
            armed.put(s, hold);
        }
        return Map.copyOf(armed);
    }
}
