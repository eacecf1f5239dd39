package io.odysseyguard.agent.layout;

import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.commons.ClassRemapper;
import org.objectweb.asm.commons.Remapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The agent's packages depend on each other one way only: every type any class of a package names (in its signatures,
 * fields, instructions, constants) is read from the compiled classes, and the package graph must have no cycle. The
 * flow the code is laid out as (start-up, instrumentation, tracked, triggers, released, reported; the hard-stop part
 * beside them) stays a flow.
 */
class PackageCyclesTest {
    private static final Path CLASSES = Path.of(System.getProperty("odyssey.guard.main.classes", "target/classes"));
    private static final String OURS = "io/odysseyguard/";

    @Test
    void theAgentsPackagesHaveNoCycle() throws IOException {
        Map<String, Set<String>> graph = packageGraph(CLASSES);
        assertThat(graph).as("packages read from %s", CLASSES).containsKeys("io.odysseyguard.agent",
                "io.odysseyguard.guard.tracked", "io.odysseyguard.hardstop");
        assertThat(cycles(graph)).as("package cycles in the agent (each as a path back to its start)").isEmpty();
    }

    @Test
    void aCycleIsFound() {
        Map<String, Set<String>> graph = new TreeMap<>();
        graph.put("a", new TreeSet<>(Set.of("b")));
        graph.put("b", new TreeSet<>(Set.of("c")));
        graph.put("c", new TreeSet<>(Set.of("a", "d")));
        graph.put("d", new TreeSet<>());
        assertThat(cycles(graph)).containsExactly(List.of("a", "b", "c", "a"));
        graph.get("c").remove("a");
        assertThat(cycles(graph)).isEmpty();
    }

    /** Package to the packages of ours its classes name (itself left out). */
    static Map<String, Set<String>> packageGraph(Path classes) throws IOException {
        Map<String, Set<String>> graph = new TreeMap<>();
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                if (!f.toString().endsWith(".class")) {
                    continue;
                }
                ClassReader reader = new ClassReader(Files.readAllBytes(f));
                String from = packageOf(reader.getClassName());
                Set<String> to = graph.computeIfAbsent(from, k -> new TreeSet<>());
                Remapper names = new Remapper() {
                    @Override
                    public String map(String internalName) {
                        if (internalName.startsWith(OURS) && !packageOf(internalName).equals(from)) {
                            to.add(packageOf(internalName));
                        }
                        return internalName;
                    }
                };
                reader.accept(new ClassRemapper(new ClassVisitor(Opcodes.ASM9) { }, names), 0);
            }
        }
        return graph;
    }

    private static String packageOf(String internalName) {
        int slash = internalName.lastIndexOf('/');
        return (slash < 0 ? "" : internalName.substring(0, slash)).replace('/', '.');
    }

    /** One path for each cycle found by a depth-first walk (a cycle is reported once, from where it was entered). */
    static List<List<String>> cycles(Map<String, Set<String>> graph) {
        List<List<String>> found = new ArrayList<>();
        Set<String> done = new TreeSet<>();
        for (String start : graph.keySet()) {
            walk(start, graph, new ArrayList<>(), done, found);
        }
        return found;
    }

    private static void walk(String node, Map<String, Set<String>> graph, List<String> path, Set<String> done,
                             List<List<String>> found) {
        int at = path.indexOf(node);
        if (at >= 0) {
            List<String> cycle = new ArrayList<>(path.subList(at, path.size()));
            cycle.add(node);
            found.add(cycle);
            return;
        }
        if (done.contains(node)) {
            return;
        }
        path.add(node);
        for (String next : graph.getOrDefault(node, Set.of())) {
            walk(next, graph, path, done, found);
        }
        path.remove(path.size() - 1);
        done.add(node);
    }
}
