package dev.fctracing.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The README's quick-start snippets are the sample's own build: each marked block appears there verbatim. */
class ReadmeSnippetTest {

  @ParameterizedTest
  @ValueSource(strings = {"dependencies", "plugin"})
  void theReadmeCarriesThePomBlockVerbatim(String block) throws IOException {
    String pom = read(Paths.get("pom.xml"));
    String readme = read(Paths.get("..", "README.md"));
    Matcher marked =
        Pattern.compile("<!-- quick-start:" + block + " -->\n(.*?)\n\\s*<!-- /quick-start:" + block + " -->",
                Pattern.DOTALL)
            .matcher(pom);

    assertThat(marked.find()).as("pom.xml marks the %s block", block).isTrue();
    String snippet = dedent(marked.group(1));
    assertThat(readme).as("README.md carries the pom's %s block", block).contains(snippet);
    assertThat(snippet).contains(block.equals("plugin") ? "<release>8</release>" : "tracing-aspects");
  }

  private static String read(Path path) throws IOException {
    return new String(Files.readAllBytes(path), StandardCharsets.UTF_8).replace("\r\n", "\n");
  }

  /** Removes the indentation common to all lines. */
  private static String dedent(String text) {
    String[] lines = text.split("\n");
    int common = Integer.MAX_VALUE;
    for (String line : lines) {
      if (!line.trim().isEmpty()) {
        int indent = 0;
        while (indent < line.length() && line.charAt(indent) == ' ') {
          indent++;
        }
        common = Math.min(common, indent);
      }
    }
    StringBuilder out = new StringBuilder();
    for (String line : lines) {
      out.append(line.length() >= common ? line.substring(common) : line.trim()).append('\n');
    }
    return out.toString().trim();
  }
}
