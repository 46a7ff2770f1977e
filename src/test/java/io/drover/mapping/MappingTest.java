package io.drover.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import io.drover.DroverConfigException;
import io.drover.migration.KeyedQuery;
import io.drover.migration.Migration;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MappingTest {

    @Test
    void readsEveryFormOfLine() {
        Mapping mapping = Mapping.parse("films", """
                film: auto                                   # the root row
                film_actor from actors: auto
                film.title <- title | trim, upper
                film.rating <- 'it''s # not a comment'
                film.copies <- 3
                film.price <- 9.50
                film.featured <- true
                film.remark <- null
                film.length_min <- sql: length * 60
                film.-last_update
                film_actor.film_id <- parent.film_id
                language.name <- 'English'
                """);

        Mapping.TableMapping film = mapping.table("film");
        assertThat(film.auto()).isTrue();
        assertThat(film.childList()).isNull();
        assertThat(film.columns()).containsKeys("title", "rating", "copies", "price", "featured", "remark", "length_min");
        assertThat(((Mapping.SourceColumn) film.columns().get("title")).transformNames()).containsExactly("trim", "upper");
        assertThat(((Mapping.SourceColumn) film.columns().get("title")).transforms().get(1).apply(" x ")).isEqualTo(" X ");
        assertThat(film.columns().get("rating")).isEqualTo(new Mapping.Constant("it's # not a comment"));
        assertThat(film.columns().get("copies")).isEqualTo(new Mapping.Constant(3L));
        assertThat(film.columns().get("price")).isEqualTo(new Mapping.Constant(new BigDecimal("9.50")));
        assertThat(film.columns().get("featured")).isEqualTo(new Mapping.Constant(true));
        assertThat(film.columns().get("remark")).isEqualTo(new Mapping.Constant(null));
        assertThat(film.columns().get("length_min")).isEqualTo(new Mapping.Expression("length * 60", "drover_expr_1"));
        assertThat(film.excluded()).containsExactly("last_update");
        Mapping.TableMapping actors = mapping.table("film_actor");
        assertThat(actors.childList()).isEqualTo("actors");
        assertThat(((Mapping.SourceColumn) actors.columns().get("film_id")).parent()).isTrue();
        Mapping.TableMapping language = mapping.table("language");
        assertThat(language.auto()).isFalse();
        assertThat(language.childList()).isNull();
    }

    @Test
    void refusesWhatItCannotRead() {
        assertThatThrownBy(() -> Mapping.parse("films", "film = auto")).isInstanceOf(DroverConfigException.class)
                .hasMessageStartingWith("migration 'films', mapping: cannot read 'film = auto'");
        assertThatThrownBy(() -> Mapping.parse("films", "film.title <- title | required"))
                .hasMessageContaining("'required' is a rule, not a transform");
        assertThatThrownBy(() -> Mapping.parse("films", "film.title <- title | shout")).hasMessageContaining("unknown step 'shout'");
        assertThatThrownBy(() -> Mapping.parse("films", "film.a <- x\nfilm.a <- y")).hasMessageContaining("film.a is mapped twice");
        assertThatThrownBy(() -> Mapping.parse("films", "film.a <- 'open")).hasMessageContaining("cannot read the text constant");
    }

    @Test
    void aMigrationWithoutConverterSelectsItsSqlExpressionsInItsQueriesAndStillLoadsPages() {
        Map<String, Object> parameters = parameters();
        parameters.put("mapping", """
                film: auto
                film.length_min <- sql: length * 60
                film_actor from actors: auto
                film_actor.billing <- sql: actor_id * 10
                """);

        Migration migration = Migration.fromParameters(parameters);

        assertThat(migration.converter()).isNull();
        assertThat(migration.itemQuery()).isEqualTo("SELECT drover_q.*, (length * 60) AS drover_expr_1"
                + " FROM (SELECT * FROM film WHERE film_id = :#id) drover_q");
        assertThat(migration.childQueries()).containsExactly(entry("actors", "SELECT drover_q.*, (actor_id * 10) AS drover_expr_1"
                + " FROM (SELECT * FROM film_actor WHERE film_id = :#id) drover_q"));
        assertThat(KeyedQuery.of(migration.itemQuery()).orElseThrow().forIds())
                .isEqualTo("SELECT drover_q.*, (length * 60) AS drover_expr_1 FROM (SELECT * FROM film WHERE film_id IN (:#in:ids)) drover_q");
    }

    @Test
    void withoutConverterOrMappingTheRootRowGoesToTheFirstTarget() {
        Migration migration = Migration.fromParameters(parameters());

        assertThat(migration.mapping().tables()).singleElement().satisfies(table -> {
            assertThat(table.table()).isEqualTo("film");
            assertThat(table.auto()).isTrue();
        });
        assertThat(migration.itemQuery()).isEqualTo("SELECT * FROM film WHERE film_id = :#id");
    }

    @Test
    void aMappingMustNameTheMigrationsTablesAndChildLists() {
        Map<String, Object> parameters = parameters();
        parameters.put("mapping", "film_actor from cast: auto");
        assertThatThrownBy(() -> Migration.fromParameters(parameters)).isInstanceOf(DroverConfigException.class)
                .hasMessage("migration 'films', mapping: film_actor from cast names a child list the migration does not declare;"
                        + " its child lists: [actors]");

        parameters.put("mapping", "actor: auto");
        assertThatThrownBy(() -> Migration.fromParameters(parameters))
                .hasMessage("migration 'films', mapping: table actor is not among the migration's targets [film, film_actor]");

        parameters.put("mapping", "film: auto");
        parameters.put("converter", "filmConverter");
        assertThatThrownBy(() -> Migration.fromParameters(parameters)).hasMessageContaining("declares both a converter and a mapping");
    }

    @Test
    void aChangedMappingChangesTheFingerprint() {
        Map<String, Object> parameters = parameters();
        parameters.put("mapping", "film: auto");
        String before = Migration.fromParameters(parameters).fingerprint();
        parameters.put("mapping", "film: auto\nfilm.-title");

        assertThat(Migration.fromParameters(parameters).fingerprint()).isNotEqualTo(before);
    }

    private static Map<String, Object> parameters() {
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("migration", "films");
        parameters.put("idQuery", "SELECT film_id FROM film");
        parameters.put("idColumn", "film_id");
        parameters.put("itemQuery", "SELECT * FROM film WHERE film_id = :#id");
        parameters.put("childQueries", "actors: SELECT * FROM film_actor WHERE film_id = :#id");
        parameters.put("targets", String.join("\n", List.of("film", "film_actor key film_id,actor_id owner film_id")));
        return parameters;
    }
}
