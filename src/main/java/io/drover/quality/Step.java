package io.drover.quality;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber;
import io.drover.DroverConfigException;
import io.drover.pipeline.SourceItem;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One declared step on a column: a cleansing step that rewrites the value (trim, lower, upper,
 * collapse, email, phone REGION, default X, map A=B …) or a rule that checks it (required, format NAME,
 * pattern REGEX, allowed A B …, range MIN..MAX, maxLength N, unique, reference [target] TABLE.COLUMN,
 * check BEAN), optionally as a warning ("warn …").
 */
public sealed interface Step {

    /** A cleansing step: returns the new value. */
    non-sealed interface Cleanse extends Step {
        Object apply(Object value);
    }

    /** A rule: its test gives null when the value passes, else why it does not ("" when the rule says it all). */
    record Rule(String text, Violation.Level level, RuleTest test) implements Step {

        static Rule of(String text, Violation.Level level, java.util.function.Predicate<Object> passes) {
            return new Rule(text, level, (value, item, environment) -> passes.test(value) ? null : "");
        }
    }

    /** How a rule judges a value; rules that look beyond the value (reference, check) get the item and the databases. */
    @FunctionalInterface
    interface RuleTest {
        String failure(Object value, SourceItem item, RuleEnvironment environment);

        /**
         * Checks, before any item, what the rule will need (a bean, a table): a run must not start when every
         * item would fail on it. Throws with the reason; nothing to check by default.
         */
        default void validate(RuleEnvironment environment) {
        }
    }

    /**
     * unique: no other item of the migration holds the same value (after cleansing). Judged across items
     * by {@link UniqueClaims}, not per value; the value belongs to the lowest id that holds it.
     */
    record Unique(Violation.Level level) implements Step {
    }

    Map<String, Pattern> FORMATS = Map.of(
            "email", Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[A-Za-z]{2,}$"),
            "phone", Pattern.compile("^\\+[1-9][0-9]{6,14}$"),
            "date", Pattern.compile("^\\d{4}-\\d{2}-\\d{2}$"),
            "number", Pattern.compile("^-?\\d+(\\.\\d+)?$"));

    static Step parse(String migration, String column, String declaration) {
        String text = declaration.trim();
        Violation.Level level = Violation.Level.ERROR;
        if (text.startsWith("warn ")) {
            level = Violation.Level.WARNING;
            text = text.substring(5).trim();
        }
        String[] words = text.split("\\s+");
        String verb = words[0];
        String argument = text.substring(verb.length()).trim();
        String where = "migration '" + migration + "', quality of '" + column + "': ";
        Step step = switch (verb) {
            case "trim" -> (Cleanse) v -> v instanceof String s ? s.trim() : v;
            case "lower" -> (Cleanse) v -> v instanceof String s ? s.toLowerCase(Locale.ROOT) : v;
            case "upper" -> (Cleanse) v -> v instanceof String s ? s.toUpperCase(Locale.ROOT) : v;
            case "collapse" -> (Cleanse) v -> v instanceof String s ? s.trim().replaceAll("\\s+", " ") : v;
            case "email" -> (Cleanse) v -> v instanceof String s ? s.trim().toLowerCase(Locale.ROOT) : v;
            case "phone" -> phone(where, argument);
            case "default" -> (Cleanse) v -> v == null || (v instanceof String s && s.isBlank()) ? argument : v;
            case "map" -> map(where, argument);
            case "required" -> Rule.of("required", level, v -> v != null && !(v instanceof String s && s.isBlank()));
            case "format" -> {
                Pattern format = FORMATS.get(argument);
                if (format == null) {
                    throw new DroverConfigException(where + "unknown format '" + argument + "'; known: " + FORMATS.keySet());
                }
                yield Rule.of("format " + argument, level, v -> v == null || format.matcher(v.toString()).matches());
            }
            case "pattern" -> {
                Pattern pattern = Pattern.compile(argument);
                yield Rule.of("pattern " + argument, level, v -> v == null || pattern.matcher(v.toString()).matches());
            }
            case "allowed" -> {
                Set<String> allowed = Set.copyOf(Arrays.asList(argument.split("\\s+")));
                yield Rule.of("allowed " + argument, level, v -> v == null || allowed.contains(v.toString()));
            }
            case "range" -> range(where, argument, level);
            case "maxLength" -> {
                int max = Integer.parseInt(argument);
                yield Rule.of("maxLength " + max, level, v -> v == null || v.toString().codePointCount(0, v.toString().length()) <= max);
            }
            case "unique" -> new Unique(level);
            case "reference" -> Reference.parse(where, argument, level);
            case "check" -> {
                String bean = io.drover.target.Identifiers.check(where + "'check' bean name", argument);
                yield new Rule("check " + bean, level, new RuleTest() {
                    @Override
                    public String failure(Object value, SourceItem item, RuleEnvironment environment) {
                        return environment.bean(bean, ColumnRule.class).check(value, item);
                    }

                    @Override
                    public void validate(RuleEnvironment environment) {
                        environment.bean(bean, ColumnRule.class);
                    }
                });
            }
            default -> throw new DroverConfigException(where + "unknown step '" + verb + "'; cleansing: trim, lower, upper,"
                    + " collapse, email, phone REGION, default VALUE, map A=B …; rules: required, format NAME, pattern REGEX,"
                    + " allowed A B …, range MIN..MAX, maxLength N, unique, reference [target] TABLE.COLUMN, check BEAN"
                    + " (prefix a rule with 'warn' for a warning)");
        };
        if (level == Violation.Level.WARNING && step instanceof Cleanse) {
            throw new DroverConfigException(where + "'warn' goes with a rule, not with the cleansing step '" + verb + "'");
        }
        return step;
    }

    /** E.164 with libphonenumber; a number it cannot read is left as it is, for a "format phone" rule to catch. */
    private static Cleanse phone(String where, String region) {
        String defaultRegion = region.isBlank() ? "ZZ" : region.toUpperCase(Locale.ROOT);
        if (!defaultRegion.equals("ZZ") && !PhoneNumberUtil.getInstance().getSupportedRegions().contains(defaultRegion)) {
            throw new DroverConfigException(where + "'phone " + region + "' names no region libphonenumber knows (e.g. US, DE, GB)");
        }
        return v -> {
            if (!(v instanceof String s) || s.isBlank()) {
                return v;
            }
            PhoneNumberUtil util = PhoneNumberUtil.getInstance();
            try {
                Phonenumber.PhoneNumber number = util.parse(s.trim().startsWith("00") ? "+" + s.trim().substring(2) : s, defaultRegion);
                return util.isValidNumber(number) ? util.format(number, PhoneNumberUtil.PhoneNumberFormat.E164) : s;
            } catch (NumberParseException e) {
                return s;
            }
        };
    }

    private static Cleanse map(String where, String argument) {
        Map<String, String> table = new LinkedHashMap<>();
        for (String pair : argument.split("\\s+")) {
            String[] fromTo = pair.split("=", 2);
            if (fromTo.length != 2) {
                throw new DroverConfigException(where + "'map' takes pairs FROM=TO, got '" + pair + "'");
            }
            table.put(fromTo[0], fromTo[1]);
        }
        return v -> v == null ? null : table.getOrDefault(v.toString(), v.toString());
    }

    private static Rule range(String where, String argument, Violation.Level level) {
        List<String> bounds = Arrays.asList(argument.split("\\.\\.", 2));
        if (bounds.size() != 2) {
            throw new DroverConfigException(where + "'range' takes MIN..MAX, got '" + argument + "'");
        }
        BigDecimal min = bounds.get(0).isBlank() ? null : new BigDecimal(bounds.get(0));
        BigDecimal max = bounds.get(1).isBlank() ? null : new BigDecimal(bounds.get(1));
        return Rule.of("range " + argument, level, v -> {
            if (v == null) {
                return true;
            }
            try {
                BigDecimal n = new BigDecimal(v.toString().trim());
                return (min == null || n.compareTo(min) >= 0) && (max == null || n.compareTo(max) <= 0);
            } catch (NumberFormatException notANumber) {
                return false;
            }
        });
    }
}
