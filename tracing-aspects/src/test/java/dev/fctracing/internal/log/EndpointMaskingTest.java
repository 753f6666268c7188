package dev.fctracing.internal.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.URL;
import org.junit.jupiter.api.Test;

public class EndpointMaskingTest {

    public static final String TOKEN = "abcd1234efgh5678@ijkl9012_mnop3456";
    static final String FC_ENDPOINT =
            "http://tracing-analysis-dc-hz-internal.aliyuncs.com/adapt_" + TOKEN + "/api/traces";

    public static void assertNoTokenPart(String s) {
        assertThat(s)
                .doesNotContain(TOKEN)
                .doesNotContain("abcd1234")
                .doesNotContain("efgh5678")
                .doesNotContain("ijkl9012")
                .doesNotContain("mnop3456")
                .doesNotContain("abcd");
    }

    @Test
    void masksTheFcShape() {
        String masked = EndpointMasking.mask(FC_ENDPOINT);
        assertThat(masked).isEqualTo("http://tracing-analysis-dc-hz-internal.aliyuncs.com/adap***/api/traces");
        assertNoTokenPart(masked);
    }

    @Test
    void keepsSchemeHostAndPortAndTheWellKnownSegments() {
        assertThat(EndpointMasking.mask("https://collector.example.com:14268/API/Traces"))
                .isEqualTo("https://collector.example.com:14268/API/Traces");
        assertThat(EndpointMasking.mask("http://127.0.0.1:8080")).isEqualTo("http://127.0.0.1:8080");
        assertThat(EndpointMasking.mask("http://[::1]:8080/")).isEqualTo("http://[::1]:8080/");
    }

    @Test
    void shortSegmentsBecomeStarsOnly() {
        assertThat(EndpointMasking.mask("http://h/v1/abcd/abcde/api/traces"))
                .isEqualTo("http://h/***/***/abcd***/api/traces");
    }

    @Test
    void queryFragmentAndUserInfoAreHidden() {
        String masked = EndpointMasking.mask("https://user:secretpw@host.example:443/collect/api/traces"
                + "?format=jaeger.thrift&token=qwerty#frag");
        assertThat(masked).isEqualTo("https://***@host.example:443/coll***/api/traces?***#***");
        assertThat(masked).doesNotContain("secretpw").doesNotContain("user").doesNotContain("qwerty");
    }

    @Test
    void nonUrlsShowAtMostEightCharacters() {
        assertThat(EndpointMasking.mask("not a url at all")).isEqualTo("not a ur***");
        assertThat(EndpointMasking.mask("tracing.aliyuncs.com/adapt_" + TOKEN + "/api/traces"))
                .isEqualTo("tracing.***");
        assertThat(EndpointMasking.mask("abcd")).isEqualTo("ab***"); // never more than half of a short input
        assertThat(EndpointMasking.mask("")).isEqualTo("***");
        assertThat(EndpointMasking.mask(null)).isEqualTo("(none)");
    }

    @Test
    void nonHttpUrlsAreMaskedToo() {
        assertThat(EndpointMasking.mask("file:///etc/passwd")).isEqualTo("file:///***/pass***");
        assertThat(EndpointMasking.mask("ftp://x")).isEqualTo("ftp://x");
    }

    @Test
    void controlCharactersCannotForgeLogLines() {
        assertThat(EndpointMasking.mask("http://host\n[FAKE] line/api")).doesNotContain("\n");
    }

    @Test
    void masksSegmentsByCodePoint() {
        assertThat(EndpointMasking.mask("http://h/😀😀😀😀😀😀/api")).isEqualTo("http://h/😀😀😀😀***/api");
    }

    @Test
    void scrubReplacesTheUrlItsPathAndItsSegments() {
        String text = "Server returned HTTP response code: 500 for URL: " + FC_ENDPOINT + " (path /adapt_" + TOKEN
                + "/api/traces, segment adapt_" + TOKEN + ")";
        String scrubbed = EndpointMasking.scrub(text, FC_ENDPOINT);
        assertNoTokenPart(scrubbed);
        assertThat(scrubbed)
                .contains("Server returned HTTP response code: 500 for URL: "
                        + "http://tracing-analysis-dc-hz-internal.aliyuncs.com/adap***/api/traces");
        assertThat(scrubbed).contains("/adap***/api/traces,");
    }

    @Test
    void scrubHandlesEncodedPathsQueriesAndUserInfo() {
        String url = "http://u:pw12345678@h.example/adapt_" + "abcd1234%40efgh5678/api/traces?key=zyxwvuts";
        String text = "a " + url + " b /adapt_abcd1234@efgh5678/api/traces c key=zyxwvuts d u:pw12345678@ e";
        String scrubbed = EndpointMasking.scrub(text, url);
        assertThat(scrubbed)
                .doesNotContain("abcd1234")
                .doesNotContain("efgh5678")
                .doesNotContain("pw12345678")
                .doesNotContain("zyxwvuts");
        assertThat(scrubbed).startsWith("a http://***@h.example/adap***/api/traces?*** b ");
    }

    @Test
    void scrubLeavesUnrelatedTextAlone() {
        assertThat(EndpointMasking.scrub("Connection refused", FC_ENDPOINT)).isEqualTo("Connection refused");
        assertThat(EndpointMasking.scrub(null, FC_ENDPOINT)).isNull();
        assertThat(EndpointMasking.scrub("text", null)).isEqualTo("text");
        assertThat(EndpointMasking.scrub("see /api/traces", "http://h/api/traces"))
                .isEqualTo("see /api/traces");
    }

    @Test
    void scrubsTheRealHttpUrlConnectionMessage() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            exchange.getRequestBody().close();
            exchange.sendResponseHeaders(500, -1);
            exchange.close();
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/adapt_" + TOKEN + "/api/traces";
            HttpURLConnection conn = (HttpURLConnection) new URL(url).openConnection();
            IOException e = assertThrows(IOException.class, conn::getInputStream);
            assertThat(e.getMessage()).contains(TOKEN); // the JDK leaks it ...
            String scrubbed = EndpointMasking.scrub(e.getMessage(), url);
            assertNoTokenPart(scrubbed); // ... and scrub removes it
            assertThat(scrubbed).contains("/adap***/api/traces");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void validateAcceptsHttpAndHttps() {
        assertThat(EndpointMasking.validate(FC_ENDPOINT)).isNull();
        assertThat(EndpointMasking.validate("https://collector.example.com:14268/api/traces"))
                .isNull();
        assertThat(EndpointMasking.validate("HTTP://127.0.0.1:1/api/traces")).isNull();
        assertThat(EndpointMasking.validate("http://[::1]:14268/api/traces")).isNull();
    }

    @Test
    void validateRefusesWithoutRepeatingTheUrl() {
        assertThat(EndpointMasking.validate("file:///etc/passwd"))
                .isEqualTo("endpoint scheme 'file' is not http or https");
        assertThat(EndpointMasking.validate("ftp://x")).isEqualTo("endpoint scheme 'ftp' is not http or https");
        assertThat(EndpointMasking.validate("not a url")).isNotNull().doesNotContain("not a url");
        assertThat(EndpointMasking.validate("adapt_" + TOKEN)).isNotNull().doesNotContain("abcd");
        assertThat(EndpointMasking.validate(null)).isEqualTo("endpoint is empty");
        assertThat(EndpointMasking.validate("  ")).isEqualTo("endpoint is empty");
        assertThat(EndpointMasking.validate("http:///adapt_" + TOKEN + "/api/traces"))
                .isEqualTo("endpoint has no host");
        assertThat(EndpointMasking.validate("http://:8080/x")).isEqualTo("endpoint has no host");
        assertThat(EndpointMasking.validate("http://h:99999/x")).isNotNull();
        assertThat(EndpointMasking.validate("http://h:port/x")).isEqualTo("endpoint is not a valid URL");
        assertThat(EndpointMasking.validate("http://h/a b")).contains("whitespace");
        assertThat(EndpointMasking.validate("//host/api/traces")).isEqualTo("endpoint is not an absolute URL");
    }

    @Test
    void percentDecoding() {
        assertThat(EndpointMasking.percentDecode("/a%40b%E4%B8%AD+c%zz%4")).isEqualTo("/a@b中+c%zz%4");
        assertThat(EndpointMasking.percentDecode("/plain")).isEqualTo("/plain");
    }
}
