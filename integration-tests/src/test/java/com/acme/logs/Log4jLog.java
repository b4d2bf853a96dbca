package com.acme.logs;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.config.builder.api.ConfigurationBuilder;
import org.apache.logging.log4j.core.config.builder.api.ConfigurationBuilderFactory;
import org.apache.logging.log4j.core.config.builder.impl.BuiltConfiguration;

/** Log4j2 configured in code: a console appender with the context data in its pattern. */
final class Log4jLog implements LogsApp.AppLog {

  static final String PATTERN = "LOG|%t|%X{trace_id}|%X{span_id}|%X{trace_flags}|%m%n";

  private final LoggerContext context;
  private final Logger logger;

  Log4jLog() {
    ConfigurationBuilder<BuiltConfiguration> b = ConfigurationBuilderFactory.newConfigurationBuilder();
    b.setStatusLevel(Level.WARN);
    b.add(
        b.newAppender("console", "Console")
            .addAttribute("target", "SYSTEM_OUT")
            .add(b.newLayout("PatternLayout").addAttribute("pattern", PATTERN)));
    b.add(b.newRootLogger(Level.INFO).add(b.newAppenderRef("console")));
    context = Configurator.initialize(b.build());
    logger = LogManager.getLogger(LogsApp.class);
  }

  @Override
  public void info(String message) {
    logger.info(message);
  }

  @Override
  public void stop() {
    Configurator.shutdown(context);
  }
}
