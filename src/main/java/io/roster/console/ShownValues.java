package io.roster.console;

import io.quarkus.qute.TemplateExtension;
import io.roster.secrets.SecretMask;

import java.util.Map;

/**
 * A field's value as a page shows it: {@code {b.shown}} on a field (name → value) of an audit row or a plan's change
 * masks it whole when its name says secret (a mapping may send one), and masks any secret's value inside it — the
 * journal keeps what was sent; pages never show a secret.
 */
@TemplateExtension
public final class ShownValues {

    private ShownValues() {
    }

    static String shown(Map.Entry<?, ?> field) {
        return field.getValue() == null ? "" : SecretMask.maskField(String.valueOf(field.getKey()),
                String.valueOf(field.getValue()));
    }
}
