package io.sextant.testing;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** The lines one logger writes while a test runs: {@code try (LogLines lines = LogLines.of("x")) {...}}. */
public final class LogLines implements AutoCloseable {

    private final Logger logger;
    private final List<String> lines = Collections.synchronizedList(new ArrayList<>());
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord r) {
            lines.add(r.getLevel() + " " + r.getMessage());
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    private LogLines(String name) {
        this.logger = Logger.getLogger(name);
        logger.addHandler(handler);
    }

    public static LogLines of(String loggerName) {
        return new LogLines(loggerName);
    }

    /** Each line as "LEVEL message", in order. */
    public List<String> lines() {
        return List.copyOf(lines);
    }

    @Override
    public void close() {
        logger.removeHandler(handler);
    }
}
