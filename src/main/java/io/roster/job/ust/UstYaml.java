package io.roster.job.ust;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One of the User Sync Tool's YAML files, read as nodes so every message can name the file and line of the key it is
 * about. Paths in it are relative to its own folder, as UST resolves them.
 */
final class UstYaml {

    /** A mapping's keys in file order, each with its value node. */
    record Entry(String key, Node keyNode, Node value) {
    }

    final Path file;
    final MappingNode root;

    private UstYaml(Path file, MappingNode root) {
        this.file = file;
        this.root = root;
    }

    static UstYaml read(Path file, List<String> errors) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            errors.add(file + ": cannot be read (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
            return null;
        }
        Node node;
        try {
            node = new Yaml(new LoaderOptions()).compose(new StringReader(text));
        } catch (RuntimeException e) {
            errors.add(file + ": not YAML: " + e.getMessage().lines().findFirst().orElse(""));
            return null;
        }
        if (node == null) { // an empty file, as UST reads it: no keys
            node = new MappingNode(org.yaml.snakeyaml.nodes.Tag.MAP, List.of(), org.yaml.snakeyaml.DumperOptions.FlowStyle.BLOCK);
        }
        if (!(node instanceof MappingNode m)) {
            errors.add(file + ":" + line(node) + ": the file must hold keys and values, as UST's do");
            return null;
        }
        return new UstYaml(file, m);
    }

    Map<String, Entry> entries(MappingNode m) {
        Map<String, Entry> out = new LinkedHashMap<>();
        for (NodeTuple t : m.getValue()) {
            String key = t.getKeyNode() instanceof ScalarNode s ? s.getValue() : String.valueOf(t.getKeyNode());
            out.put(key, new Entry(key, t.getKeyNode(), t.getValueNode()));
        }
        return out;
    }

    /** "file:line" of a node. */
    String at(Node n) {
        return file.getFileName() + ":" + line(n);
    }

    static int line(Node n) {
        return n.getStartMark() == null ? 0 : n.getStartMark().getLine() + 1;
    }

    /** A scalar's text, null for YAML's null (~, empty); else an error. */
    String scalar(Entry e, List<String> errors) {
        if (e.value() instanceof ScalarNode s) {
            String tag = s.getTag().getValue();
            return tag.endsWith(":null") ? null : s.getValue();
        }
        errors.add(at(e.keyNode()) + ": " + e.key() + " must be a single value");
        return null;
    }

    /** A true/false the way YAML 1.1 (UST's PyYAML) writes it: true, false, yes, no, on, off, any case. */
    Boolean bool(Entry e, List<String> errors) {
        String v = scalar(e, errors);
        if (v == null) {
            return null;
        }
        switch (v.toLowerCase(java.util.Locale.ROOT)) {
            case "true", "yes", "on", "y" -> {
                return true;
            }
            case "false", "no", "off", "n" -> {
                return false;
            }
            default -> {
                errors.add(at(e.keyNode()) + ": " + e.key() + " is '" + v + "': use true or false");
                return null;
            }
        }
    }

    MappingNode mapping(Entry e, List<String> errors) {
        if (e.value() instanceof MappingNode m) {
            return m;
        }
        errors.add(at(e.keyNode()) + ": " + e.key() + " must hold keys and values");
        return null;
    }

    List<Node> sequence(Entry e, List<String> errors) {
        if (e.value() instanceof SequenceNode s) {
            return new ArrayList<>(s.getValue());
        }
        errors.add(at(e.keyNode()) + ": " + e.key() + " must be a list");
        return null;
    }

    /** A path the file names, resolved against the file's own folder. */
    Path resolve(String path) {
        Path p = Path.of(path);
        return p.isAbsolute() ? p : file.toAbsolutePath().getParent().resolve(p).normalize();
    }
}
