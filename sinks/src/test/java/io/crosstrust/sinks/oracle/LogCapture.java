package io.crosstrust.sinks.oracle;

import java.io.StringWriter;
import java.util.HashMap;
import java.util.Map;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.layout.PatternLayout;

/** Captures every log line (DEBUG and up, exceptions included) while open. */
final class LogCapture implements AutoCloseable {
    private static final String[] LOGGERS = {"", "io.crosstrust", "org.web3j", "okhttp3"};
    private final StringWriter out = new StringWriter();
    private final Appender appender;
    private final Map<String, Level> before = new HashMap<>();
    private final LoggerContext context;

    LogCapture() {
        context = (LoggerContext) LogManager.getContext(false);
        Configuration config = context.getConfiguration();
        appender =
                WriterAppender.newBuilder()
                        .setName("capture-" + System.nanoTime())
                        .setTarget(out)
                        .setLayout(
                                PatternLayout.newBuilder()
                                        .withPattern("%level %logger %msg %throwable%n")
                                        .build())
                        .build();
        appender.start();
        config.addAppender(appender);
        for (String name : LOGGERS) {
            LoggerConfig logger = config.getLoggerConfig(name);
            if (!logger.getName().equals(name)) {
                logger = new LoggerConfig(name, Level.DEBUG, true);
                config.addLogger(name, logger);
            }
            before.put(name, logger.getLevel());
            logger.setLevel(Level.DEBUG);
            if (name.isEmpty()) {
                logger.addAppender(appender, Level.ALL, null);
            }
        }
        context.updateLoggers();
    }

    String text() {
        return out.toString();
    }

    @Override
    public void close() {
        Configuration config = context.getConfiguration();
        for (String name : LOGGERS) {
            config.getLoggerConfig(name).setLevel(before.get(name));
        }
        config.getRootLogger().removeAppender(appender.getName());
        context.updateLoggers();
        appender.stop();
    }
}
