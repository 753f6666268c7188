package dev.fctracing.bench.process;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Summarises the collapsed stacks {@code coldstart.sh PROFILE=1} writes ({@code <variant>-<round>.collapsed}, one
 * file per measured JVM): per variant, the mean samples per run and the frames with the most inclusive samples per
 * run (a frame counted once per stack), restricted to frames whose name contains one of the optional filters.
 *
 * <p>Usage: {@code ProfileSummary <profile-dir> [top=25] [filter,...]}.
 */
public final class ProfileSummary {

    private ProfileSummary() {}

    public static void main(String[] args) throws IOException {
        File dir = new File(args[0]);
        int top = args.length > 1 ? Integer.parseInt(args[1]) : 25;
        String[] filters = args.length > 2 ? args[2].split(",") : new String[0];
        File[] files = dir.listFiles((d, n) -> n.endsWith(".collapsed"));
        if (files == null || files.length == 0) {
            System.out.println("no collapsed stacks in " + dir);
            return;
        }
        Map<String, List<File>> byVariant = new TreeMap<>();
        for (File f : files) {
            String variant = f.getName().substring(0, f.getName().lastIndexOf('-'));
            byVariant.computeIfAbsent(variant, k -> new ArrayList<>()).add(f);
        }
        for (Map.Entry<String, List<File>> e : byVariant.entrySet()) {
            summarise(e.getKey(), e.getValue(), top, filters);
        }
    }

    private static void summarise(String variant, List<File> files, int top, String[] filters) throws IOException {
        Map<String, Long> inclusive = new TreeMap<>();
        long total = 0;
        for (File f : files) {
            try (BufferedReader in = Files.newBufferedReader(f.toPath(), StandardCharsets.UTF_8)) {
                String line;
                while ((line = in.readLine()) != null) {
                    int space = line.lastIndexOf(' ');
                    if (space < 0) {
                        continue;
                    }
                    long samples = Long.parseLong(line.substring(space + 1).trim());
                    total += samples;
                    Set<String> seen = new HashSet<>();
                    for (String frame : line.substring(0, space).split(";")) {
                        if (matches(frame, filters) && seen.add(frame)) {
                            inclusive.merge(frame, samples, Long::sum);
                        }
                    }
                }
            }
        }
        int runs = files.size();
        System.out.println(variant + ": " + runs + " runs, " + Stats.fmt((double) total / runs)
                + " samples per run (all threads); inclusive samples per run:");
        List<Map.Entry<String, Long>> rows = new ArrayList<>(inclusive.entrySet());
        rows.sort((x, y) -> Long.compare(y.getValue(), x.getValue()));
        for (Map.Entry<String, Long> row : rows.subList(0, Math.min(top, rows.size()))) {
            System.out.println("  " + Stats.lpad(Stats.fmt((double) row.getValue() / runs), 8) + "  " + row.getKey());
        }
    }

    private static boolean matches(String frame, String[] filters) {
        if (filters.length == 0) {
            return true;
        }
        for (String f : filters) {
            if (frame.contains(f)) {
                return true;
            }
        }
        return false;
    }
}
