package io.drover.target.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drover.DroverConfigException;
import io.drover.pipeline.RetryPolicy;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The 'api' declaration, its secrets, and which answers are worth another try. */
class ApiTargetTest {

    @Test
    void readsEveryLineOfADeclaration() {
        ApiTarget api = ApiTarget.parse("crm", """
                method: post   # lower case is fine
                url: {{crm.url}}/contacts/{id}?source={itemId}
                body: customer
                header X-Tenant: acme
                secret-header X-Api-Key: env:CRM_KEY
                auth: basic crm.user env:CRM_PASSWORD
                """);

        assertThat(api.method()).isEqualTo("POST");
        assertThat(api.url()).isEqualTo("{{crm.url}}/contacts/{id}?source={itemId}");
        assertThat(api.urlFields()).containsExactly("id", "itemId");
        assertThat(api.bodyTable()).isEqualTo("customer");
        assertThat(api.headers()).containsExactly(Map.entry("X-Tenant", "acme"));
        assertThat(api.secretHeaders()).containsExactly(Map.entry("X-Api-Key", "env:CRM_KEY"));
        assertThat(api.auth().scheme()).isEqualTo("basic");
    }

    @Test
    void refusesWhatWouldPrintASecretOrCannotBeSent() {
        assertThatThrownBy(() -> ApiTarget.parse("crm", "url: http://x/{id}\nauth: bearer abc123secret"))
                .isInstanceOf(DroverConfigException.class).hasMessageContaining("never written in the migration")
                .hasMessageNotContaining("abc123secret");
        assertThatThrownBy(() -> ApiTarget.parse("crm", "url: http://x/{id}\nheader Authorization: Bearer abc"))
                .hasMessageContaining("declare the Authorization header with 'auth:'");
        assertThatThrownBy(() -> ApiTarget.parse("crm", "url: http://x/{id}\nmethod: PATCH")).hasMessageContaining("PATCH");
        assertThatThrownBy(() -> ApiTarget.parse("crm", "method: PUT")).hasMessageContaining("no 'url:");
        assertThatThrownBy(() -> ApiTarget.parse("crm", "url: ftp://x")).hasMessageContaining("http://");
    }

    @Test
    void readsOAuth2ClientCredentialsWithTheirTokenUrlAndScope() {
        ApiTarget api = ApiTarget.parse("crm", """
                url: http://crm/customers/{id}
                auth: oauth2 env:CRM_CLIENT_ID crm.client-secret
                token-url: {{crm.token-url}}
                scope: crm.read crm.write
                """);

        assertThat(api.auth().isOAuth2()).isTrue();
        assertThat(api.auth().references()).containsExactly("env:CRM_CLIENT_ID", "crm.client-secret");
        assertThat(api.auth().tokenUrl()).isEqualTo("{{crm.token-url}}");
        assertThat(api.auth().scope()).isEqualTo("crm.read crm.write");
        assertThat(api.auth().clientInForm()).isFalse();
        assertThat(ApiTarget.parse("crm", "url: http://x/{id}\nauth: oauth2 env:ID env:SECRET\ntoken-url: http://a/t\nclient-auth: post")
                .auth().clientInForm()).isTrue();
        assertThatThrownBy(() -> ApiTarget.parse("crm", "url: http://x/{id}\nauth: oauth2 env:ID env:SECRET\ntoken-url: http://a/t\nclient-auth: jwt"))
                .hasMessageContaining("client-auth 'jwt' is not supported; use basic");
        assertThatThrownBy(() -> ApiTarget.parse("crm", "url: http://x/{id}\nauth: bearer env:T\nclient-auth: post"))
                .hasMessageContaining("belong to 'auth: oauth2");
        assertThatThrownBy(() -> ApiTarget.parse("crm", "url: http://x/{id}\nauth: oauth2 env:ID env:SECRET"))
                .hasMessageContaining("needs a 'token-url: <url>' line");
        assertThatThrownBy(() -> ApiTarget.parse("crm", "url: http://x/{id}\nauth: bearer env:T\ntoken-url: http://auth/token"))
                .hasMessageContaining("belong to 'auth: oauth2");
        assertThatThrownBy(() -> ApiTarget.parse("crm", "url: http://x/{id}\nauth: oauth2 my-client s3cr3t-value\ntoken-url: http://a/t"))
                .hasMessageContaining("never written in the migration");
    }

    @Test
    void anOAuth2TokenClientShowsAsAMaskedAuthorizationHeaderWithoutAskingForAToken() {
        ApiTarget api = ApiTarget.parse("crm", "url: http://x/{id}\nauth: oauth2 crm.id crm.secret\ntoken-url: http://127.0.0.1:9/token");
        ApiCredentials credentials = ApiCredentials.resolve("crm", api, Map.of("crm.id", "client", "crm.secret", "cs-secret-1")::get,
                name -> null, (id, secret) -> new OAuth2Tokens("crm", "http://127.0.0.1:9/token", id, secret, null, false,
                        java.time.Duration.ofSeconds(1), java.time.Duration.ofSeconds(1)));

        assertThat(credentials.names()).containsExactly("Authorization");
        assertThat(credentials.toString()).isEqualTo("{Authorization=****}");
        assertThat(credentials.scrub("the secret cs-secret-1")).isEqualTo("the secret ****");
    }

    @Test
    void secretsResolveFromPropertiesAndTheEnvironmentAndAreScrubbed() {
        ApiTarget api = ApiTarget.parse("crm", "url: http://x/{id}\nauth: basic crm.user env:CRM_PASSWORD\nsecret-header X-Key: crm.key");
        ApiCredentials credentials = ApiCredentials.resolve("crm", api, Map.of("crm.user", "alice", "crm.key", "k-998877")::get,
                Map.of("CRM_PASSWORD", "pw-112233")::get);

        assertThat(credentials.headers(null)).containsEntry("Authorization", "Basic YWxpY2U6cHctMTEyMjMz").containsEntry("X-Key", "k-998877");
        assertThat(credentials.toString()).doesNotContain("pw-112233", "k-998877", "YWxp");
        assertThat(credentials.scrub("echo: Basic YWxpY2U6cHctMTEyMjMz pw-112233 k-998877")).isEqualTo("echo: **** **** ****");
        assertThatThrownBy(() -> ApiCredentials.resolve("crm", api, Map.<String, String>of()::get, Map.<String, String>of()::get))
                .hasMessageContaining("not set");
    }

    @Test
    void onlyTimeoutsThrottlingAndServerErrorsAreTransient() {
        assertThat(ApiCallException.isTransient(0)).isTrue();
        assertThat(ApiCallException.isTransient(408)).isTrue();
        assertThat(ApiCallException.isTransient(429)).isTrue();
        assertThat(ApiCallException.isTransient(503)).isTrue();
        assertThat(ApiCallException.isTransient(400)).isFalse();
        assertThat(ApiCallException.isTransient(404)).isFalse();
        assertThat(ApiCallException.isTransient(409)).isFalse();
    }

    @Test
    void aRetryWaitsAtLeastTheRetryAfterUpToAMinute() {
        RetryPolicy retry = new RetryPolicy(3, 100);

        assertThat(retry.shouldRetry(new ApiCallException(503, "down", 0), 1)).isTrue();
        assertThat(retry.shouldRetry(new ApiCallException(400, "bad", 0), 1)).isFalse();
        assertThat(retry.delayBefore(new ApiCallException(429, "busy", 2_000), 1)).isEqualTo(2_000);
        assertThat(retry.delayBefore(new ApiCallException(429, "busy", 0), 2)).isEqualTo(200);
        assertThat(retry.delayBefore(new ApiCallException(429, "busy", 3_600_000), 1)).isEqualTo(RetryPolicy.MAX_RETRY_AFTER_MS);
    }
}
