package dev.fctracing.internal.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Filter;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/** The JUL filter that masks the exporters' secrets in other loggers' records, and the registry it reads. */
class SecretLogFilterTest {

    static final String TOKEN = "tokQ3v8Lx2Mz7Rp1Wd";
    static final String URL = "http://collector.example:14268/adapt_" + TOKEN + "|x/api/traces";
    static final String CREDENTIAL = "credK9s4Hq2Jv6Nb0T";

    static {
        LogSecrets.addEndpoint(URL);
        LogSecrets.addValue(CREDENTIAL);
    }

    @Test
    void messagesParametersAndTheUriFormTheJdkLogsAreMasked() {
        LogRecord record = new LogRecord(Level.FINE, "ProxySelector Request for {0} with {1}, {2}");
        record.setParameters(new Object[] {new StringBuilder(URL), "x-api-key: " + CREDENTIAL, 42});

        assertThat(filterOn("secrets.test.params").isLoggable(record)).isTrue();

        assertThat(record.getParameters()[0]).isEqualTo("http://collector.example:14268/adap***/api/traces");
        assertThat(record.getParameters()[1]).isEqualTo("x-api-key: ***");
        assertThat(record.getParameters()[2]).isEqualTo(42);

        LogRecord asUri = new LogRecord(
                Level.FINEST,
                "ProxySelector Request for http://collector.example:14268/adapt_" + TOKEN + "%7Cx/api/traces");
        assertThat(filterOn("secrets.test.uri").isLoggable(asUri)).isTrue();
        assertThat(asUri.getMessage()).doesNotContain(TOKEN).contains("/adap***/api/traces");
    }

    @Test
    void anExceptionChainHoldingASecretIsReplacedByAMaskedCopyWithTheSameStacks() {
        IOException cause = new IOException("Server returned HTTP response code: 500 for URL: " + URL);
        IllegalStateException top = new IllegalStateException("export failed", cause);
        top.addSuppressed(new RuntimeException("header " + CREDENTIAL));
        LogRecord record = new LogRecord(Level.WARNING, "failed");
        record.setThrown(top);

        assertThat(filterOn("secrets.test.thrown").isLoggable(record)).isTrue();

        String printed = stackTrace(record.getThrown());
        assertThat(printed)
                .doesNotContain(TOKEN)
                .doesNotContain(CREDENTIAL)
                .contains("java.lang.IllegalStateException: export failed")
                .contains("Caused by: java.io.IOException: Server returned HTTP response code: 500 for URL: "
                        + "http://collector.example:14268/adap***/api/traces")
                .contains("Suppressed: java.lang.RuntimeException: header ***");
        assertThat(record.getThrown().getStackTrace()).isEqualTo(top.getStackTrace());
        assertThat(record.getThrown().getCause().getStackTrace()).isEqualTo(cause.getStackTrace());
    }

    @Test
    void anExceptionWithoutSecretsIsLeftAsItIs() {
        IOException clean = new IOException("Connection refused");
        LogRecord record = new LogRecord(Level.WARNING, "failed");
        record.setThrown(clean);

        assertThat(filterOn("secrets.test.clean").isLoggable(record)).isTrue();

        assertThat(record.getThrown()).isSameAs(clean);
    }

    @Test
    void theFunctionsFilterRunsAfterScrubbingAndDecides() {
        Logger logger = Logger.getLogger("secrets.test.chained");
        List<String> seen = new ArrayList<>();
        Filter own = r -> {
            seen.add(r.getMessage());
            return !r.getMessage().startsWith("drop");
        };
        logger.setFilter(own);

        SecretLogFilter.protect("secrets.test.chained");

        Filter installed = logger.getFilter();
        assertThat(installed).isInstanceOf(SecretLogFilter.class);
        assertThat(installed.isLoggable(new LogRecord(Level.FINE, "keep " + URL)))
                .isTrue();
        assertThat(installed.isLoggable(new LogRecord(Level.FINE, "drop " + URL)))
                .isFalse();
        assertThat(seen).hasSize(2).allSatisfy(m -> assertThat(m).doesNotContain(TOKEN));

        SecretLogFilter.protect("secrets.test.chained");
        assertThat(logger.getFilter()).as("not wrapped twice").isSameAs(installed);

        Filter later = r -> true;
        logger.setFilter(later);
        SecretLogFilter.protect("secrets.test.chained");
        assertThat(logger.getFilter()).as("a filter set later is wrapped again").isInstanceOf(SecretLogFilter.class);
    }

    @Test
    void aFailureTheToolkitReportedIsNotLoggedAgain() {
        LogRecord record = new LogRecord(Level.SEVERE, "Failed to export spans. The request could not be executed.");
        record.setThrown(new ReportedExportFailure("fc-tracing: spans lost: ..."));

        assertThat(filterOn("secrets.test.reported").isLoggable(record)).isFalse();
    }

    @Test
    void textWithoutSecretsIsReturnedAsTheSameInstance() {
        String text = "nothing to hide here";
        assertThat(LogSecrets.scrub(text)).isSameAs(text);
        assertThat(LogSecrets.scrub(null)).isNull();
    }

    private static Filter filterOn(String name) {
        SecretLogFilter.protect(name);
        return Logger.getLogger(name).getFilter();
    }

    private static String stackTrace(Throwable t) {
        StringWriter out = new StringWriter();
        t.printStackTrace(new PrintWriter(out));
        return out.toString();
    }
}
