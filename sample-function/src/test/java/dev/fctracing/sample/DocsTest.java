package dev.fctracing.sample;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fctracing.internal.config.TracingConfig;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the user's documentation true: every link and anchor resolves; every setting the docs name is one the
 * toolkit reads (or one they say it does not), and every setting it reads is in the configuration table; every
 * command names modules, profiles, tests and scripts that exist; the README's pom carries the build's versions and
 * the sample's weave. The README's project itself is built by {@code integration-tests} (its {@code readme-project}
 * blocks, extracted from the text).
 */
class DocsTest {

    private static final Path ROOT = Paths.get("..").toAbsolutePath().normalize();

    /** Named in the docs as not read, on purpose. */
    private static final Set<String> DOCUMENTED_AS_NOT_READ = new TreeSet<>(
            Arrays.asList("OTEL_BSP_SCHEDULE_DELAY", "OTEL_BSP_EXPORT_TIMEOUT", "OTEL_EXPORTER_OTLP_TIMEOUT"));

    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
    private static final Pattern SETTING = Pattern.compile("\\b(?:FCTRACING|OTEL)_[A-Z0-9_]*[A-Z0-9]\\b");
    private static final Pattern SHELL_BLOCK = Pattern.compile("```sh\\n(.*?)\\n```", Pattern.DOTALL);

    static List<Path> docs() throws IOException {
        List<Path> docs = new ArrayList<>();
        docs.add(ROOT.resolve("README.md"));
        docs.add(ROOT.resolve("CONTRIBUTING.md"));
        docs.add(ROOT.resolve("benchmarks/HARNESSES.md"));
        try (Stream<Path> files = Files.list(ROOT.resolve("docs"))) {
            docs.addAll(files.filter(p -> p.toString().endsWith(".md")).sorted().collect(Collectors.toList()));
        }
        return docs;
    }

    @Test
    void everyLinkAndAnchorResolves() throws IOException {
        List<String> broken = new ArrayList<>();
        for (Path doc : docs()) {
            Matcher link = LINK.matcher(read(doc));
            while (link.find()) {
                String target = link.group(1);
                if (target.startsWith("http://") || target.startsWith("https://") || target.startsWith("mailto:")) {
                    continue;
                }
                int hash = target.indexOf('#');
                String file = hash < 0 ? target : target.substring(0, hash);
                Path resolved =
                        file.isEmpty() ? doc : doc.getParent().resolve(file).normalize();
                if (!Files.exists(resolved)) {
                    broken.add(ROOT.relativize(doc) + ": " + target + " (no such file)");
                } else if (hash >= 0 && !anchors(resolved).contains(target.substring(hash + 1))) {
                    broken.add(ROOT.relativize(doc) + ": " + target + " (no such heading in "
                            + ROOT.relativize(resolved) + ")");
                }
            }
        }
        assertThat(broken).isEmpty();
    }

    @Test
    void theDocsNameOnlySettingsTheToolkitReadsAndTheTableHasThemAll() throws Exception {
        Set<String> read = settingsRead();
        assertThat(read).as("settings read by TracingConfig").contains("FCTRACING_EXPORT", "OTEL_SERVICE_NAME");
        List<String> unknown = new ArrayList<>();
        for (Path doc : docs()) {
            Matcher setting = SETTING.matcher(read(doc));
            while (setting.find()) {
                String name = setting.group();
                if (!read.contains(name) && !DOCUMENTED_AS_NOT_READ.contains(name)) {
                    unknown.add(ROOT.relativize(doc) + ": " + name);
                }
            }
        }
        assertThat(unknown).as("settings the docs name that nothing reads").isEmpty();

        String table = read(ROOT.resolve("docs/configuration.md"));
        List<String> undocumented =
                read.stream().filter(name -> !table.contains("`" + name + "`")).collect(Collectors.toList());
        assertThat(undocumented)
                .as("settings read but missing from docs/configuration.md")
                .isEmpty();
    }

    @Test
    void commandsNameModulesProfilesTestsAndScriptsThatExist() throws IOException {
        Set<String> modules = modules();
        Set<String> profiles = profiles();
        List<String> wrong = new ArrayList<>();
        int commands = 0;
        for (Path doc : docs()) {
            Matcher block = SHELL_BLOCK.matcher(read(doc));
            while (block.find()) {
                for (String command : block.group(1).replace("\\\n", " ").split("\n")) {
                    command = command.trim();
                    if (command.isEmpty() || command.startsWith("#")) {
                        continue;
                    }
                    commands++;
                    for (String part : command.split("&&")) {
                        wrong.addAll(check(ROOT.relativize(doc) + ": " + part.trim(), part.trim(), modules, profiles));
                    }
                }
            }
        }
        assertThat(commands).as("shell commands found in the docs").isGreaterThan(3);
        assertThat(wrong).isEmpty();
    }

    @Test
    void theReadmePomCarriesTheBuildsVersionsAndTheSamplesWeave() throws IOException {
        String readme = read(ROOT.resolve("README.md"));
        Matcher marked = Pattern.compile("<!-- readme-project:pom.xml -->\\n```xml\\n(.*?)\\n```", Pattern.DOTALL)
                .matcher(readme);
        assertThat(marked.find()).as("README marks its pom").isTrue();
        String pom = marked.group(1);
        String root = read(ROOT.resolve("pom.xml"));
        String bom = read(ROOT.resolve("fc-tracing-bom/pom.xml"));

        assertThat(pluginVersion(pom, "aspectj-maven-plugin"))
                .isEqualTo(property(root, "aspectj-maven-plugin.version"));
        assertThat(pluginVersion(pom, "maven-compiler-plugin"))
                .isEqualTo(property(root, "maven-compiler-plugin.version"));
        assertThat(pluginVersion(pom, "maven-surefire-plugin"))
                .isEqualTo(property(root, "maven-surefire-plugin.version"));
        assertThat(pluginVersion(pom, "maven-shade-plugin")).isEqualTo(property(root, "maven-shade-plugin.version"));
        assertThat(pluginVersion(pom, "maven-resources-plugin"))
                .isEqualTo(property(root, "maven-resources-plugin.version"));
        assertThat(pluginVersion(pom, "maven-jar-plugin")).isEqualTo(property(root, "maven-jar-plugin.version"));
        assertThat(dependencyVersion(pom, "aspectjtools")).isEqualTo(property(bom, "aspectj.version"));
        assertThat(dependencyVersion(pom, "junit-jupiter")).isEqualTo(property(root, "junit.version"));
        assertThat(dependencyVersion(pom, "fc-tracing-bom")).isEqualTo(projectVersion(bom));

        String sample = read(ROOT.resolve("sample-function/pom.xml"));
        Matcher block = Pattern.compile(
                        "<!-- quick-start:plugin -->\\n(.*?)\\n\\s*<!-- /quick-start:plugin -->", Pattern.DOTALL)
                .matcher(sample);
        assertThat(block.find()).isTrue();
        String samplePlugin = normalized(block.group(1));
        assertThat(normalized(pom)).as("the README's weave is the sample's").contains(samplePlugin);

        Matcher generate = Pattern.compile("archetype-plugin:[^:]+:generate(.*?)\\n```", Pattern.DOTALL)
                .matcher(readme);
        assertThat(generate.find()).as("README shows archetype:generate").isTrue();
        assertThat(generate.group(1))
                .contains("-DarchetypeGroupId=dev.fctracing")
                .contains("-DarchetypeArtifactId=fc-function-archetype")
                .contains("-DarchetypeVersion=" + projectVersion(bom));
    }

    @Test
    void theTestingGuideShowsTheSamplesTestsVerbatimAndTheBuildsExecPlugin() throws IOException {
        String guide = read(ROOT.resolve("docs/testing.md"));
        Matcher marked = Pattern.compile("<!-- sample-test:(\\S+) -->\n```java\n(.*?)\n```", Pattern.DOTALL)
                .matcher(guide);
        List<String> shown = new ArrayList<>();
        while (marked.find()) {
            String source = read(ROOT.resolve("sample-function/src/test/java/dev/fctracing/sample")
                    .resolve(marked.group(1)));
            int firstImport = source.indexOf("\nimport ") + 1;
            assertThat(firstImport).as("%s has imports", marked.group(1)).isPositive();
            assertThat(marked.group(2))
                    .as("docs/testing.md shows %s", marked.group(1))
                    .isEqualTo(source.substring(firstImport).trim());
            shown.add(marked.group(1));
        }
        assertThat(shown).containsExactly("OrderHandlerTest.java", "PlainKitTest.java");

        Matcher exec = Pattern.compile("exec-maven-plugin:([^:\\s]+):exec").matcher(guide);
        assertThat(exec.find())
                .as("docs/testing.md runs LocalInvoke with exec-maven-plugin")
                .isTrue();
        assertThat(exec.group(1)).isEqualTo(property(read(ROOT.resolve("pom.xml")), "exec-maven-plugin.version"));
    }

    // --- helpers -------------------------------------------------------------------------------------------------

    private static List<String> check(String where, String command, Set<String> modules, Set<String> profiles) {
        List<String> wrong = new ArrayList<>();
        String[] words = command.split("\\s+");
        if (words[0].startsWith("benchmarks/") || words[0].contains("=") && words.length > 1) {
            for (String word : words) {
                if (word.startsWith("benchmarks/") && word.endsWith(".sh")) {
                    Path script = ROOT.resolve(word);
                    if (!Files.isRegularFile(script) || !Files.isExecutable(script)) {
                        wrong.add(where + ": no executable " + word);
                    }
                }
            }
            return wrong;
        }
        if (!words[0].equals("mvn")) {
            return wrong;
        }
        for (int i = 1; i < words.length; i++) {
            String word = words[i];
            if ((word.equals("-pl") || word.equals("--projects")) && i + 1 < words.length) {
                for (String module : words[i + 1].split(",")) {
                    if (!modules.contains(module)) {
                        wrong.add(where + ": no module " + module);
                    }
                }
            } else if (word.startsWith("-P")) {
                for (String profile : word.substring(2).split(",")) {
                    if (!profiles.contains(profile)) {
                        wrong.add(where + ": no profile " + profile);
                    }
                }
            } else if (word.startsWith("-Dtest=")) {
                for (String test :
                        word.substring("-Dtest=".length()).replace("'", "").split(",")) {
                    if (!testExists(test)) {
                        wrong.add(where + ": no test " + test);
                    }
                }
            }
        }
        return wrong;
    }

    private static boolean testExists(String pattern) {
        String simple = pattern.substring(pattern.lastIndexOf('.') + 1);
        String pkg = pattern.contains(".")
                ? pattern.substring(0, pattern.lastIndexOf('.')).replace('.', '/')
                : "";
        Pattern name = Pattern.compile(simple.replace("*", ".*") + "\\.java");
        try (Stream<Path> files = Files.walk(ROOT)) {
            return files.anyMatch(p -> p.toString().contains("/src/test/java/")
                    && !p.toString().contains("/target/")
                    && name.matcher(p.getFileName().toString()).matches()
                    && (pkg.isEmpty() || p.getParent().toString().endsWith(pkg)));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Set<String> modules() throws IOException {
        Set<String> modules = new TreeSet<>();
        Matcher module = Pattern.compile("<module>([^<]+)</module>").matcher(read(ROOT.resolve("pom.xml")));
        while (module.find()) {
            modules.add(module.group(1));
        }
        return modules;
    }

    private static Set<String> profiles() throws IOException {
        Set<String> profiles = new TreeSet<>();
        try (Stream<Path> poms = Files.walk(ROOT)) {
            for (Path pom :
                    (Iterable<Path>) poms.filter(p -> p.getFileName().toString().equals("pom.xml")
                            && !p.toString().contains("/target/"))::iterator) {
                Matcher profile =
                        Pattern.compile("<profile>\\s*<id>([^<]+)</id>").matcher(read(pom));
                while (profile.find()) {
                    profiles.add(profile.group(1));
                }
            }
        }
        return profiles;
    }

    /** The names of the settings {@link TracingConfig} declares: its public {@code String} constants. */
    private static Set<String> settingsRead() throws IllegalAccessException {
        Set<String> names = new TreeSet<>();
        for (Field field : TracingConfig.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                String value = (String) field.get(null);
                if (SETTING.matcher(value).matches()) {
                    names.add(value);
                }
            }
        }
        return names;
    }

    /** GitHub's heading anchors: lower case, punctuation but hyphens dropped, spaces as hyphens. */
    private static Set<String> anchors(Path doc) throws IOException {
        Set<String> anchors = new LinkedHashSet<>();
        boolean fenced = false;
        for (String line : read(doc).split("\n")) {
            if (line.startsWith("```")) {
                fenced = !fenced;
            } else if (!fenced && line.startsWith("#")) {
                String title = line.replaceFirst("^#+\\s*", "").trim().toLowerCase(Locale.ROOT);
                title = Normalizer.normalize(title, Normalizer.Form.NFC).replaceAll("[^\\p{L}\\p{N} _-]", "");
                anchors.add(title.replace(' ', '-'));
            }
        }
        return anchors;
    }

    private static String pluginVersion(String pom, String artifactId) {
        Matcher m = Pattern.compile("<artifactId>" + artifactId + "</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(pom);
        assertThat(m.find()).as("pom has %s with a version", artifactId).isTrue();
        return m.group(1);
    }

    private static String dependencyVersion(String pom, String artifactId) {
        return pluginVersion(pom, artifactId);
    }

    private static String property(String pom, String name) {
        Matcher m = Pattern.compile("<" + Pattern.quote(name) + ">([^<]+)</" + Pattern.quote(name) + ">")
                .matcher(pom);
        assertThat(m.find()).as("property %s", name).isTrue();
        return m.group(1);
    }

    private static String projectVersion(String bom) {
        Matcher m = Pattern.compile("<artifactId>fc-tracing-bom</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(bom);
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    /** XML without comments and whitespace between tags, so that indentation and remarks do not count. */
    private static String normalized(String xml) {
        return xml.replaceAll("(?s)<!--.*?-->", "")
                .replaceAll(">\\s+<", "><")
                .replaceAll("\\s+", " ")
                .trim();
    }

    private static String read(Path path) throws IOException {
        return new String(Files.readAllBytes(path), StandardCharsets.UTF_8).replace("\r\n", "\n");
    }
}
