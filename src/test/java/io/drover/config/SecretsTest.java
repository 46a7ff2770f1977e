package io.drover.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.api.Test;

class SecretsTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            jdbc:postgresql://db:5432/app?user=drover&password=s3cret&ssl=true | jdbc:postgresql://db:5432/app?user=drover&password=****&ssl=true
            jdbc:postgresql://db/app?password=s3cret                           | jdbc:postgresql://db/app?password=****
            jdbc:h2:mem:x;USER=sa;PASSWORD=s3cret                              | jdbc:h2:mem:x;USER=sa;PASSWORD=****
            jdbc:h2:file:./data/x;PASSWORD=s3cret;MODE=PostgreSQL              | jdbc:h2:file:./data/x;PASSWORD=****;MODE=PostgreSQL
            jdbc:sqlserver://db:1433;databaseName=app;user=sa;password=s3cret;encrypt=true | jdbc:sqlserver://db:1433;databaseName=app;user=sa;password=****;encrypt=true
            jdbc:mysql://db/app?user=u&pwd=s3cret                               | jdbc:mysql://db/app?user=u&pwd=****
            jdbc:mariadb://drover:s3cret@db:3306/legacy                        | jdbc:mariadb://drover:****@db:3306/legacy
            jdbc:postgresql://drover:s3cret@db/app?password=other              | jdbc:postgresql://drover:****@db/app?password=****
            jdbc:postgresql://db/app?user=u&password=ab;s3cret&ssl=true        | jdbc:postgresql://db/app?user=u&password=****&ssl=true
            jdbc:mariadb://db/legacy?password=s3c;ret                          | jdbc:mariadb://db/legacy?password=****
            jdbc:postgresql://db/app?sslpassword=key;s3cret                    | jdbc:postgresql://db/app?sslpassword=****
            jdbc:sqlserver://db;user=sa;password=a&s3cret;encrypt=true         | jdbc:sqlserver://db;user=sa;password=****;encrypt=true
            jdbc:oracle:thin:scott/s3cret@db:1521/orcl                         | jdbc:oracle:thin:scott/****@db:1521/orcl
            jdbc:sqlserver://db;user=sa;password={s3c?ret};encrypt=true        | jdbc:sqlserver://db;user=sa;password=****;encrypt=true
            jdbc:h2:file:./data/x;PASSWORD=s3c?ret;MODE=PostgreSQL             | jdbc:h2:file:./data/x;PASSWORD=****;MODE=PostgreSQL
            jdbc:oracle:thin:scott/"p@s3cret"@db:1521/orcl                     | jdbc:oracle:thin:scott/****@db:1521/orcl
            """)
    void masksPasswords(String url, String masked) {
        assertThat(Secrets.maskUrl(url)).isEqualTo(masked).doesNotContain("s3cret");
    }

    @Test
    void leavesUrlsWithoutPasswordUnchanged() {
        assertThat(Secrets.maskUrl("jdbc:postgresql://db:5432/app?user=drover"))
                .isEqualTo("jdbc:postgresql://db:5432/app?user=drover");
        assertThat(Secrets.maskUrl("jdbc:mariadb://drover@db/legacy")).isEqualTo("jdbc:mariadb://drover@db/legacy");
        assertThat(Secrets.maskUrl("jdbc:h2:mem:drover")).isEqualTo("jdbc:h2:mem:drover");
    }

    @ParameterizedTest
    @NullSource
    void nullStaysNull(String url) {
        assertThat(Secrets.maskUrl(url)).isNull();
    }

    @org.junit.jupiter.api.Test
    void passwordsWithAtSlashOrBracesAreMaskedWhole() {
        org.assertj.core.api.Assertions.assertThat(Secrets.maskUrl("jdbc:postgresql://u:p@ss@h/db")).isEqualTo("jdbc:postgresql://u:****@h/db");
        org.assertj.core.api.Assertions.assertThat(Secrets.maskUrl("jdbc:postgresql://u:a/b@h/db")).isEqualTo("jdbc:postgresql://u:****@h/db");
        org.assertj.core.api.Assertions.assertThat(Secrets.maskUrl("jdbc:sqlserver://h;password={a;b};user=u"))
                .isEqualTo("jdbc:sqlserver://h;password=****;user=u");
    }
}
