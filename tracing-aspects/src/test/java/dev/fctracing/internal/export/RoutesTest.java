package dev.fctracing.internal.export;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fctracing.internal.ToolkitLog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link Routes} and {@link Route}: one route per distinct FC endpoint, looked up rather than parsed again and
 * compared by identity; unacceptable endpoints refused with one masked warning each; at most {@value
 * Routes#MAX_ROUTES} routes; {@link Route#NONE} for invocations without an endpoint.
 */
class RoutesTest {

    private static final String TOKEN = "adapt_s3cr3tT0ken@0th3rS3cret";
    private static final String A = "http://tracing-a.example/" + TOKEN + "/api/traces";
    private static final String B = "https://tracing-b.example:8443/" + TOKEN + "/api/traces";

    private final ToolkitLog log = ToolkitLog.capture();

    @AfterEach
    void closeLog() {
        log.close();
    }

    @Test
    void anEndpointGetsOneRouteForTheInstancesLife() {
        Routes routes = new Routes();

        Route a = routes.to(A);
        Route b = routes.to(B);

        assertThat(a.url()).isEqualTo(A);
        assertThat(a.target().getHost()).isEqualTo("tracing-a.example");
        assertThat(b.target().getPort()).isEqualTo(8443);
        assertThat(b).isNotSameAs(a);
        assertThat(routes.to(A)).as("looked up again, after another endpoint").isSameAs(a);
        assertThat(routes.to(B)).isSameAs(b);
        assertThat(routes.to(new String(A.toCharArray())))
                .as("an equal string, not the same one")
                .isSameAs(a);
        assertThat(new Routes().to(A)).as("another instance's routes").isNotSameAs(a);
        assertThat(log.warnings()).isEmpty();
    }

    @Test
    void aRouteShowsItsEndpointOnlyMasked() {
        Route a = new Routes().to(A);

        assertThat(a.masked()).startsWith("http://tracing-a.example/").doesNotContain("s3cr3tT0ken", "0th3rS3cret");
        assertThat(a.toString()).doesNotContain("s3cr3tT0ken", "0th3rS3cret");
    }

    @Test
    void unacceptableEndpointsAreRefusedWithOneMaskedWarningEach() {
        Routes routes = new Routes();
        String[] refused = {
            "ftp://tracing.example/" + TOKEN + "/api/traces",
            "tracing.example/" + TOKEN + "/api/traces",
            "http:///" + TOKEN,
            "http://tracing.example/" + TOKEN + " /api/traces",
            "",
        };
        for (int round = 0; round < 3; round++) {
            for (String url : refused) {
                assertThat(routes.to(url)).as("'%s'", url).isNull();
            }
        }

        assertThat(log.warnings()).hasSize(refused.length).allSatisfy(warning -> {
            assertThat(warning).contains("refused");
            assertThat(warning).doesNotContain("s3cr3tT0ken", "0th3rS3cret");
        });
        assertThat(routes.to(A)).as("a good endpoint afterwards").isNotNull();
    }

    @Test
    void pastTheMaximumNewEndpointsAreRefusedAndSaidSoOnce() {
        Routes routes = new Routes();
        Route[] kept = new Route[Routes.MAX_ROUTES];
        for (int i = 0; i < Routes.MAX_ROUTES; i++) {
            kept[i] = routes.to("http://host-" + i + ".example/api/traces");
            assertThat(kept[i]).isNotNull();
        }

        assertThat(routes.to("http://one-too-many.example/api/traces")).isNull();
        assertThat(routes.to("http://two-too-many.example/api/traces")).isNull();

        assertThat(log.warnings()).hasSize(1);
        assertThat(log.warnings().get(0)).contains("more than " + Routes.MAX_ROUTES);
        for (int i = 0; i < Routes.MAX_ROUTES; i++) {
            assertThat(routes.to("http://host-" + i + ".example/api/traces"))
                    .as("route %s kept", i)
                    .isSameAs(kept[i]);
        }
    }

    @Test
    void theNoneRouteHasNoEndpoint() {
        assertThat(Route.NONE.url()).isNull();
        assertThat(Route.NONE.target()).isNull();
        assertThat(Route.NONE.masked()).isNotNull();
        assertThat(Route.NONE.toString()).isNotNull();
    }

    @Test
    void problemNamesWhatIsWrongWithoutTheUrl() {
        assertThat(Route.problem(A)).isNull();
        assertThat(Route.problem("gopher://h/" + TOKEN))
                .contains("not http or https")
                .doesNotContain(TOKEN);
        assertThat(Route.to("gopher://h/" + TOKEN)).isNull();
    }
}
