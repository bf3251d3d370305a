package io.roster.job;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

import java.io.StringReader;
import java.util.List;
import java.util.Optional;

/**
 * Where in a job file a place named by its path ({@code sign.user_sync}, index -1 for a field name) is written, as
 * "line L, column C". Jackson reports a value its constructor refuses at the end of the enclosing object, often the
 * end of the file; the admin needs the line they wrote. When the message names a key inside the place
 * ({@code sign_only_user_action}), that key's line is given.
 */
final class JobFilePlaces {

    /** One step of a path: a field name, or an index in a list. */
    record Step(String field, int index) {
    }

    private JobFilePlaces() {
    }

    static Optional<String> locate(String yaml, List<Step> path, String message) {
        Node node;
        try {
            node = new Yaml(new LoaderOptions()).compose(new StringReader(yaml));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
        for (Step step : path) {
            Node next = null;
            if (step.field() != null && node instanceof MappingNode m) {
                next = valueOf(m, step.field());
            } else if (step.index() >= 0 && node instanceof SequenceNode seq && step.index() < seq.getValue().size()) {
                next = seq.getValue().get(step.index());
            }
            if (next == null) {
                break;
            }
            node = next;
        }
        if (node == null) {
            return Optional.empty();
        }
        if (message != null) {
            Node named = named(node, message, new Node[1], new int[] {0});
            node = named != null ? named : node;
        }
        return Optional.of("line " + (node.getStartMark().getLine() + 1) + ", column " + (node.getStartMark().getColumn() + 1));
    }

    /** Under {@code node}, the value of the key with the longest name that the message names, or null. */
    private static Node named(Node node, String message, Node[] best, int[] bestLength) {
        if (node instanceof MappingNode m) {
            for (NodeTuple t : m.getValue()) {
                if (t.getKeyNode() instanceof ScalarNode k && k.getValue().length() > bestLength[0]
                        && message.contains(k.getValue())) {
                    best[0] = t.getValueNode();
                    bestLength[0] = k.getValue().length();
                }
                named(t.getValueNode(), message, best, bestLength);
            }
        } else if (node instanceof SequenceNode seq) {
            seq.getValue().forEach(n -> named(n, message, best, bestLength));
        }
        return best[0];
    }

    private static Node valueOf(MappingNode m, String field) {
        for (NodeTuple t : m.getValue()) {
            if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(field)) {
                return t.getValueNode();
            }
        }
        return null;
    }
}
