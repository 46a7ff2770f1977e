package io.drover.cli;

import io.drover.DroverConfigException;
import io.drover.config.Secrets;
import org.apache.camel.NoSuchBeanException;
// the YAML DSL's parser (camel-yaml-dsl parses with snakeyaml-engine): its exception knows where the fault is
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;

/** Turns what can go wrong while Camel starts into one clear configuration error. */
final class StartupFailure {

    private StartupFailure() {
    }

    static DroverConfigException explain(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof DroverConfigException config) {
                return config;
            }
            if (t instanceof MarkedYamlEngineException yaml && yaml.getProblemMark().isPresent()) {
                return new DroverConfigException(yamlProblem(yaml), t);
            }
            if (t instanceof NoSuchBeanException bean) {
                return new DroverConfigException("no bean named '" + bean.getName() + "' is registered; declare it in a"
                        + " 'beans:' block of your migration's YAML (see routes/migrations/customers.camel.yaml)", t);
            }
            if (t.getClass().getName().contains("PoolInitializationException") || t instanceof java.sql.SQLException) {
                Throwable root = t;
                while (root.getCause() != null) {
                    root = root.getCause();
                }
                return new DroverConfigException("cannot connect to a database: " + Secrets.maskUrl(String.valueOf(root.getMessage()))
                        + " (check drover.source.* / drover.target.* or DROVER_SOURCE_URL / DROVER_TARGET_URL)", t);
            }
        }
        Throwable root = failure;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        // keep it short: YAML errors quote the offending lines, which the file and line already locate
        String message = String.valueOf(root.getMessage()).lines().filter(l -> !l.isBlank()).limit(2)
                .reduce((a, b) -> a + " " + b.trim()).orElse(root.getClass().getSimpleName());
        return new DroverConfigException("Drover could not start: " + Secrets.maskUrl(message), failure);
    }

    /**
     * A YAML syntax error as one line: where the problem is and what it is, then where the construct it
     * broke began. The parser's own message leads with the latter, which may be many lines before the fault.
     */
    static String yamlProblem(MarkedYamlEngineException yaml) {
        Mark problem = yaml.getProblemMark().orElseThrow();
        StringBuilder text = new StringBuilder("malformed YAML in ").append(problem.getName().replaceFirst("^file:", ""))
                .append(", line ").append(problem.getLine() + 1).append(", column ").append(problem.getColumn() + 1)
                .append(": ").append(yaml.getProblem());
        if (yaml.getContext() != null && yaml.getContextMark().isPresent()) {
            text.append(" (").append(yaml.getContext()).append(" that began at line ")
                    .append(yaml.getContextMark().get().getLine() + 1).append(")");
        }
        return text.toString();
    }
}
