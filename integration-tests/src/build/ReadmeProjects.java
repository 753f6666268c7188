import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the README into a function project that maven-invoker-plugin then builds: every fenced block preceded by a
 * {@code <!-- readme-project:PATH -->} line is written, verbatim, to {@code PATH} in the project; the files of
 * {@code extras} (the invoker's hook script) are copied beside them. Fails when the README marks no pom.xml, so a
 * renamed marker cannot turn the test into one that builds nothing.
 *
 * <p>Run by the build with the JDK's single-file launcher: {@code java ReadmeProjects.java README.md outDir extras}.
 */
public final class ReadmeProjects {

    private static final Pattern MARKED_BLOCK =
            Pattern.compile("<!-- readme-project:(\\S+) -->\\n```[a-z]*\\n(.*?)\\n```", Pattern.DOTALL);

    public static void main(String[] args) throws IOException {
        Path readme = Paths.get(args[0]);
        Path project = Paths.get(args[1]).resolve("readme-quickstart");
        Path extras = Paths.get(args[2]);
        String text = new String(Files.readAllBytes(readme), StandardCharsets.UTF_8).replace("\r\n", "\n");
        Matcher block = MARKED_BLOCK.matcher(text);
        int files = 0;
        boolean pom = false;
        while (block.find()) {
            Path target = project.resolve(block.group(1)).normalize();
            if (!target.startsWith(project)) {
                throw new IllegalStateException("readme-project path leaves the project: " + block.group(1));
            }
            Files.createDirectories(target.getParent());
            Files.write(target, (block.group(2) + "\n").getBytes(StandardCharsets.UTF_8));
            pom |= block.group(1).equals("pom.xml");
            files++;
        }
        if (!pom) {
            throw new IllegalStateException(readme + " marks no readme-project:pom.xml block");
        }
        try (java.util.stream.Stream<Path> hooks = Files.list(extras)) {
            for (Path hook : (Iterable<Path>) hooks::iterator) {
                Files.copy(hook, project.resolve(hook.getFileName().toString()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        System.out.println("README project: " + files + " files from " + readme + " in " + project);
    }
}
