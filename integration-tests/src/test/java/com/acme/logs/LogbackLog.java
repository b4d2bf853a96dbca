package com.acme.logs;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** SLF4J over Logback, configured in code: an AsyncAppender in front of a console appender. */
final class LogbackLog implements LogsApp.AppLog {

  static final String PATTERN = "LOG|%thread|%X{trace_id}|%X{span_id}|%X{trace_flags}|%msg%n";

  private final LoggerContext context;
  private final Logger logger;

  LogbackLog() {
    context = (LoggerContext) LoggerFactory.getILoggerFactory();
    context.reset();
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern(PATTERN);
    encoder.start();
    ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
    console.setContext(context);
    console.setEncoder(encoder);
    console.start();
    // the MDC is read on the logging thread and the line written on the appender's own thread
    AsyncAppender async = new AsyncAppender();
    async.setContext(context);
    async.addAppender(console);
    async.start();
    ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.INFO);
    root.addAppender(async);
    logger = LoggerFactory.getLogger(LogsApp.class);
  }

  @Override
  public void info(String message) {
    logger.info(message);
  }

  @Override
  public void stop() {
    context.stop();
  }
}
