package io.drover.config;

import org.apache.camel.LoggingLevel;
import org.apache.camel.spring.spi.LegacyTransactionErrorHandlerBuilder;
import org.apache.camel.spring.spi.SpringTransactionPolicy;

/**
 * The error handler of Drover's transacted routes (routeConfiguration item-transaction): it rolls the item
 * back and hands the failure on, without logging it. The item route logs each failure once, in one line
 * naming the item; Camel's default transaction error handler would log it again, with its stack trace
 * and message history (some 80 lines per failed item), wherever Drover runs.
 */
final class ItemTransactionErrorHandler {

    /** The registry name routes/drover/write-item.camel.yaml refers to. */
    static final String BEAN = "itemTransactionErrorHandler";

    private ItemTransactionErrorHandler() {
    }

    static LegacyTransactionErrorHandlerBuilder of(SpringTransactionPolicy policy) {
        LegacyTransactionErrorHandlerBuilder handler = new LegacyTransactionErrorHandlerBuilder();
        handler.setSpringTransactionPolicy(policy);
        handler.rollbackLoggingLevel(LoggingLevel.OFF);
        handler.maximumRedeliveries(0).logExhausted(false).logStackTrace(false).logRetryAttempted(false)
                .logExhaustedMessageHistory(false).logExhaustedMessageBody(false).logNewException(false)
                .retriesExhaustedLogLevel(LoggingLevel.OFF).loggingLevel(LoggingLevel.OFF);
        return handler;
    }
}
