package io.drover.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.drover.log.DroverTables;
import io.drover.log.MigrationLog;
import io.drover.migration.MigrationCatalog;
import io.drover.pipeline.DefaultRuns;
import io.drover.pipeline.ItemHasher;
import io.drover.pipeline.ItemPipeline;
import io.drover.pipeline.ItemWriter;
import io.drover.pipeline.RetryPolicy;
import io.drover.pipeline.SourceLoader;
import io.drover.run.IdFeed;
import io.drover.run.InboxReport;
import io.drover.run.PollTrigger;
import io.drover.run.RunRecorder;
import io.drover.run.RunTracker;
import io.drover.target.TableCatalog;
import io.drover.target.TargetDialect;
import io.drover.target.TargetSnapshot;
import io.drover.target.TargetWriter;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Registry;
import org.apache.camel.spring.spi.SpringTransactionPolicy;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/**
 * Wires Drover into a Camel context: binds the beans its routes name (sourceDataSource, targetDataSource,
 * required, itemPipeline, itemWriter …) and brings its own tables up to date. The standalone process
 * and an embedding application both go through {@link #install}.
 */
public record DroverBeans(DataSource source, DataSource target, TargetDialect dialect, MigrationCatalog catalog,
                          MigrationLog log, RunRecorder recorder, RunTracker tracker, DefaultRuns defaultRuns,
                          TargetWriter writer, IdFeed idFeed, io.drover.verify.VerificationLog verifications,
                          TableCatalog tables, int pageSize, SourceLoader loader, io.drover.pipeline.QualityCheck quality,
                          io.drover.mapping.ItemConverters converters, io.drover.pipeline.ApiWriter apiWriter,
                          DroverTables droverTables) {

    public static final String SOURCE_DATA_SOURCE = "sourceDataSource";
    public static final String TARGET_DATA_SOURCE = "targetDataSource";

    /**
     * @param source    the legacy database, read only
     * @param target    the PostgreSQL target; the transaction manager and every write use this same instance,
     *                  which is what lets the writes join the item's transaction
     * @param pageSize  ids per page when streaming all ids
     * @param arguments how the process was started, recorded with runs that no command opened
     *                  <p>The context's properties drover.retry.* and drover.log.data apply as in the standalone process.
     */
    public static DroverBeans install(CamelContext context, DataSource source, DataSource target, int pageSize,
                                      String arguments) {
        return install(context, source, target, pageSize, arguments, DroverSettings.retry(properties(context)));
    }

    /** The context's properties as DroverSettings reads them: a key's value, or null when it is not set. */
    public static java.util.function.Function<String, String> properties(CamelContext context) {
        return key -> context.getPropertiesComponent().resolveProperty(key).orElse(null);
    }

    /** @param retry how often an item is tried again after a transient failure (lost connection, restart, deadlock) */
    public static DroverBeans install(CamelContext context, DataSource source, DataSource target, int pageSize,
                                      String arguments, RetryPolicy retry) {
        return install(context, source, target, pageSize, arguments, retry, true, null);
    }

    /**
     * @param checkAtStart run the start-up checks of every migration when the context starts, and refuse to
     *                     start it on a failure: what an embedding application gets; the command line checks
     *                     the migrations each command uses instead
     * @param schemaUpgradeHint null: create or upgrade Drover's tables; else they are only checked (a command
     *                     that only reads them), and this command, which upgrades them, is named if they are not current
     */
    static DroverBeans install(CamelContext context, DataSource source, DataSource target, int pageSize,
                               String arguments, RetryPolicy retry, boolean checkAtStart, String schemaUpgradeHint) {
        DroverDefaults.applySettings(context);
        refuseClashingBeans(context.getRegistry());
        boolean compactLog = DroverSettings.compactLog(properties(context)); // a bad value stops us before any table is touched
        int diffMaxValueLength = DroverSettings.diffMaxValueLength(properties(context));
        int httpLoggedBodyLength = DroverSettings.httpLoggedBodyLength(properties(context));
        DroverSettings.progressIntervalSeconds(properties(context));
        DroverSettings.bulkChunkSize(properties(context));
        DroverTables droverTables = DroverSettings.droverTables(properties(context));
        // after a lost connection, the pools' other connections are most likely dead too: replace them
        retry = retry.onConnectionLost(() -> {
            evictConnections(source);
            evictConnections(target);
        });
        TargetDialect dialect = TargetDialect.of(target);
        if (schemaUpgradeHint == null) {
            DroverSchema.migrate(target, dialect, droverTables.schema());
        } else {
            DroverSchema.validate(target, dialect, droverTables.schema(), schemaUpgradeHint);
        }

        ObjectMapper json = new ObjectMapper();
        JdbcTemplate targetJdbc = new JdbcTemplate(target);
        DataSourceTransactionManager transactions = new LostConnectionTransactionManager(target);
        SpringTransactionPolicy required = new SpringTransactionPolicy(transactions);
        required.setPropagationBehaviorName("PROPAGATION_REQUIRED");

        TableCatalog tables = new TableCatalog(target);
        // bulk mode writes through COPY on PostgreSQL; the quick start's H2 takes JDBC batches
        io.drover.target.CopyWriter copy = dialect == TargetDialect.POSTGRESQL ? new io.drover.target.CopyWriter(targetJdbc, transactions) : null;
        TargetWriter writer = new TargetWriter(targetJdbc, tables, dialect, json, copy, new io.drover.mapping.TargetTypeCoercion());
        MigrationLog log = new MigrationLog(targetJdbc, droverTables, dialect, json, copy, transactions);
        log.setCompact(compactLog);
        RunRecorder recorder = new RunRecorder(targetJdbc, droverTables, DroverSettings.unresponsiveAfter(properties(context)));
        RunTracker tracker = new RunTracker();
        io.drover.run.RunHeartbeat heartbeat = new io.drover.run.RunHeartbeat(recorder, tracker,
                DroverSettings.heartbeatInterval(properties(context)));
        DefaultRuns defaultRuns = new DefaultRuns(recorder, tracker, arguments);
        MigrationCatalog catalog = new MigrationCatalog(context);

        Registry registry = context.getRegistry();
        registry.bind(SOURCE_DATA_SOURCE, DataSource.class, source);
        registry.bind(TARGET_DATA_SOURCE, DataSource.class, target);
        registry.bind("required", required);
        registry.bind(ItemTransactionErrorHandler.BEAN, ItemTransactionErrorHandler.of(required));
        SourceLoader loader = new SourceLoader(context, SOURCE_DATA_SOURCE);
        io.drover.verify.VerificationLog verifications = new io.drover.verify.VerificationLog(targetJdbc, droverTables, dialect, json, catalog);
        io.drover.pipeline.QualityCheck quality = new io.drover.pipeline.QualityCheck(
                io.drover.quality.RuleEnvironment.of(context), new io.drover.quality.UniqueClaims(targetJdbc, droverTables));
        ItemPipeline pipeline = new ItemPipeline(catalog, loader, new ItemHasher(json), log, tracker, defaultRuns, retry,
                verifications, new io.drover.observe.ItemMetrics(context), quality);
        registry.bind("itemPipeline", pipeline);
        io.drover.target.http.ApiCircuitBreaker apiBreaker = io.drover.target.http.ApiCircuitBreaker.of(properties(context));
        registry.bind(io.drover.target.http.ApiCircuitBreaker.BEAN, apiBreaker.breaker());
        registry.bind(io.drover.target.http.NoAutomaticRetries.BEAN, new io.drover.target.http.NoAutomaticRetries());
        registry.bind(io.drover.distributed.MeteredKafkaClients.BEAN, new io.drover.distributed.MeteredKafkaClients(context));
        io.drover.pipeline.ApiWriter apiWriter = new io.drover.pipeline.ApiWriter(properties(context), System::getenv, pipeline,
                httpLoggedBodyLength, diffMaxValueLength, apiBreaker);
        registry.bind("apiWriter", apiWriter);
        io.drover.mapping.ItemConverters converters = new io.drover.mapping.ItemConverters(context, tables, loader);
        registry.bind("itemConverters", converters);
        registry.bind("itemWriter", new ItemWriter(writer, new TargetSnapshot(targetJdbc, tables, dialect),
                new io.drover.target.TargetComparison(targetJdbc, tables, dialect, writer), pipeline, diffMaxValueLength));
        registry.bind("chunkPipeline", new io.drover.pipeline.ChunkPipeline(context, catalog, loader, log, pipeline, defaultRuns, tables,
                dialect == TargetDialect.POSTGRESQL ? new io.drover.target.PlannerStatistics(targetJdbc) : null, converters));
        registry.bind("chunkWriter", new io.drover.pipeline.ChunkWriter(writer, log, pipeline));
        registry.bind("pollTrigger", new PollTrigger(loader, targetJdbc, droverTables));
        registry.bind("inboxReport", new InboxReport());
        DroverBeans beans = new DroverBeans(source, target, dialect, catalog, log, recorder, tracker, defaultRuns, writer,
                new IdFeed(loader, log, pageSize, retry), verifications, tables, pageSize, loader, quality, converters, apiWriter, droverTables);
        registry.bind("droverBeans", beans);
        // the runs that items without a run of their own open (an embedding application, drover run) end
        // with the context: after its routes, which let the items in flight finish
        try {
            context.addService(new org.apache.camel.support.service.ServiceSupport() {
                @Override
                protected void doStop() {
                    defaultRuns.closeAll();
                    heartbeat.close();
                }
            }, true, true);
        } catch (Exception e) {
            throw new IllegalStateException("cannot register the closing of Drover's runs with the Camel context", e);
        }
        DroverDefaults.loadRoutes(context);
        if (checkAtStart) {
            checkMigrationsAtStart(context, catalog, beans);
        }
        // /observe/health reports whether the two databases answer (when health checks are enabled)
        org.apache.camel.health.HealthCheckRegistry health = org.apache.camel.health.HealthCheckRegistry.get(context);
        if (health != null) {
            health.register(new io.drover.observe.DatabaseHealthCheck("source", source));
            health.register(new io.drover.observe.DatabaseHealthCheck("target", target));
        }
        return beans;
    }

    /** Runs the start-up checks of every migration while the context starts: a failure refuses the start. */
    private static void checkMigrationsAtStart(CamelContext context, MigrationCatalog catalog, DroverBeans beans) {
        try {
            context.addStartupListener(new org.apache.camel.StartupListener() {
                @Override
                public void onCamelContextStarting(CamelContext starting, boolean alreadyStarted) {
                    catalog.all().values().forEach(beans::validate);
                }

                @Override
                public void onCamelContextStarted(CamelContext started, boolean alreadyStarted) {
                    // checked while starting, before any route takes an item
                }
            });
        } catch (Exception e) {
            throw new IllegalStateException("cannot register Drover's start-up checks with the Camel context", e);
        }
    }

    /** The names Drover binds; an application bean under one of them would be taken for Drover's, or replace it. */
    static final java.util.List<String> BEAN_NAMES = java.util.List.of(SOURCE_DATA_SOURCE, TARGET_DATA_SOURCE, "required",
            "itemPipeline", "itemWriter", "apiWriter", "chunkPipeline", "chunkWriter", "pollTrigger", "inboxReport", "droverBeans", "itemTransactionErrorHandler", "itemConverters",
            io.drover.target.http.ApiCircuitBreaker.BEAN, io.drover.target.http.NoAutomaticRetries.BEAN,
            io.drover.distributed.MeteredKafkaClients.BEAN);

    private static void refuseClashingBeans(Registry registry) {
        for (String name : BEAN_NAMES) {
            Object existing = registry.lookupByName(name);
            if (existing != null) {
                throw new io.drover.DroverConfigException("the application already has a bean named '" + name + "' (a "
                        + existing.getClass().getName() + "); Drover binds its own beans under the names " + BEAN_NAMES
                        + ": rename the application's bean");
            }
        }
    }

    private static void evictConnections(DataSource dataSource) {
        if (dataSource instanceof com.zaxxer.hikari.HikariDataSource hikari && hikari.getHikariPoolMXBean() != null) {
            hikari.getHikariPoolMXBean().softEvictConnections();
        }
    }

    /**
     * The start-up checks of a migration that items are about to go through (migrate, run, audit): its
     * target tables and keys, its source queries, its quality rules and its converter (or mapping). Each failure is a
     * DroverConfigException that names what to fix; none touches an item.
     */
    public void validate(io.drover.migration.Migration migration) {
        if (migration.isApi()) {
            apiWriter.validate(migration);
        }
        writer.validate(migration);
        loader.validate(migration);
        migration.quality().validate(migration.name(), quality.environment());
        converters.validate(migration);
    }

    public static DroverBeans of(CamelContext context) {
        return context.getRegistry().lookupByNameAndType("droverBeans", DroverBeans.class);
    }
}
