package io.drover.quality;

import io.drover.DroverConfigException;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;

/** What rules that look beyond one value need: the two databases (reference) and the registry's beans (check). */
public interface RuleEnvironment {

    DataSource source();

    DataSource target();

    <T> T bean(String name, Class<T> type);

    /** The databases and beans bound in a Camel context by Drover (sourceDataSource, targetDataSource). */
    static RuleEnvironment of(CamelContext context) {
        return new RuleEnvironment() {
            @Override
            public DataSource source() {
                return bean("sourceDataSource", DataSource.class);
            }

            @Override
            public DataSource target() {
                return bean("targetDataSource", DataSource.class);
            }

            @Override
            public <T> T bean(String name, Class<T> type) {
                T bean = context.getRegistry().lookupByNameAndType(name, type);
                if (bean == null) {
                    throw new DroverConfigException("no bean '" + name + "' of type " + type.getName()
                            + " is bound; declare it under 'beans:' in the migration's YAML, or bind it in your Camel registry");
                }
                return bean;
            }
        };
    }

    /** For rules that need nothing beyond the value; any other rule is a configuration error here. */
    static RuleEnvironment none() {
        return new RuleEnvironment() {
            @Override
            public DataSource source() {
                throw new DroverConfigException("this quality rule needs the source database, which is not available here");
            }

            @Override
            public DataSource target() {
                throw new DroverConfigException("this quality rule needs the target database, which is not available here");
            }

            @Override
            public <T> T bean(String name, Class<T> type) {
                throw new DroverConfigException("quality rule 'check " + name + "' needs a bean registry, which is not available here");
            }
        };
    }
}
