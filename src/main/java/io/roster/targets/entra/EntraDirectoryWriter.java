package io.roster.targets.entra;

import com.unboundid.ldap.sdk.LDAPConnectionPool;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import io.roster.plan.EntraPlanner;
import io.roster.source.SourceReadException;
import io.roster.source.ldap.LdapDirectories;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The directory door into Entra ID, for users synced from on-premises Active Directory: Graph refuses to write their
 * attributes, so Roster writes them to the user's entry in AD ({@code onPremisesDistinguishedName}) over LDAP, through
 * a connection of its own ({@code entra.directory}, a {@code roster.directories.<name>} with only the rights to
 * modify those attributes), and Entra Connect brings them up at its next cycle. An emptied value removes the attribute.
 */
@ApplicationScoped
public class EntraDirectoryWriter {

    private final LdapDirectories directories;

    public EntraDirectoryWriter(LdapDirectories directories) {
        this.directories = directories;
    }

    /** The connection is configured (checked before a run reads anything). */
    public void check(String directory) {
        directories.settings(directory);
    }

    /** Each change's attributes modified in its entry; per change null when it landed, else why not. */
    public List<String> write(String directory, List<EntraPlanner.Change> changes) {
        LDAPConnectionPool pool;
        try {
            pool = directories.pool(directory);
        } catch (SourceReadException e) {
            String why = "directory " + directory + " cannot be written to: " + e.getMessage();
            return changes.stream().map(c -> why).toList();
        }
        List<String> out = new ArrayList<>(changes.size());
        for (EntraPlanner.Change c : changes) {
            List<Modification> mods = new ArrayList<>();
            for (Map.Entry<String, String> e : c.set().entrySet()) {
                String attribute = EntraPlanner.ON_PREMISES.get(e.getKey());
                mods.add(e.getValue().isEmpty() ? new Modification(ModificationType.REPLACE, attribute)
                        : new Modification(ModificationType.REPLACE, attribute, e.getValue()));
            }
            try {
                pool.modify(c.directoryDn(), mods);
                out.add(null);
            } catch (LDAPException e) {
                out.add("directory " + directory + " refused the change of " + c.directoryDn() + ": "
                        + directories.safeMessage(directory, e));
            }
        }
        return out;
    }
}
