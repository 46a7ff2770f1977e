package io.drover.config;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.JdbcTransactionObjectSupport;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.transaction.support.DefaultTransactionStatus;

/**
 * Transactions on the target whose rollback on a connection already closed (lost, or dropped by the pool
 * as broken) counts as done: the server ends a transaction with its session. Spring would otherwise
 * replace the item's own failure (say, a terminated session, 57P01) by "JDBC rollback failed: Connection
 * is closed", and log the pair with their stack traces.
 */
final class LostConnectionTransactionManager extends DataSourceTransactionManager {

    private static final Logger LOG = LoggerFactory.getLogger(LostConnectionTransactionManager.class);

    LostConnectionTransactionManager(DataSource dataSource) {
        super(dataSource);
    }

    @Override
    protected void doRollback(DefaultTransactionStatus status) {
        try {
            super.doRollback(status);
        } catch (TransactionSystemException e) {
            if (!isClosed(status)) {
                throw e;
            }
            LOG.debug("Rollback on a closed connection skipped: its session, and the transaction with it, is gone", e);
        }
    }

    private static boolean isClosed(DefaultTransactionStatus status) {
        if (status.getTransaction() instanceof JdbcTransactionObjectSupport transaction && transaction.hasConnectionHolder()) {
            try {
                Connection connection = transaction.getConnectionHolder().getConnection();
                return connection.isClosed();
            } catch (SQLException | RuntimeException unknown) {
                return false;
            }
        }
        return false;
    }
}
