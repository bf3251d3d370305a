package io.roster.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.Architectures;
import io.roster.plan.layeringfixture.PlanThatKnowsCamel;
import io.roster.plan.layeringfixture.PlanThatKnowsTheRun;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The house's layering, as rules a change cannot quietly undo (docs/architecture.md draws it). Top to bottom: the
 * shell (one-shot commands, HTTP API, admin console, health and metrics, the main class) → steps (the routes' only face: Camel, the run)
 * → targets → job → plan → mapping → source → state → report → config, secrets, jdbc. A room uses only rooms below
 * it; only steps/ (and the main class, which waits for Camel to exit) touches Camel.
 */
class LayeringTest {

    private static final String[] DOMAIN = {
            "io.roster.config..", "io.roster.secrets..", "io.roster.jdbc..", "io.roster.report..", "io.roster.state..",
            "io.roster.source..", "io.roster.mapping..", "io.roster.plan..", "io.roster.job..", "io.roster.targets.."};

    private static JavaClasses main;

    @BeforeAll
    static void importMain() {
        main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.roster");
    }

    /** Only the steps room knows Camel: the domain rooms are plain Java. */
    static final ArchRule ONLY_STEPS_TOUCH_CAMEL = noClasses()
            .that().resideOutsideOfPackages("io.roster.steps..")
            .and().doNotHaveFullyQualifiedName("io.roster.RosterMain")
            .should().dependOnClassesThat().resideInAnyPackage("org.apache.camel..")
            .because("Camel owns the arrows (scheduling, splitting, dead letters) and steps/ is its only face");

    /** No domain room reaches up to the steps, the run or the shell. */
    static final ArchRule DOMAIN_NEVER_REACHES_UP = noClasses()
            .that().resideInAnyPackage(DOMAIN)
            .should().dependOnClassesThat().resideInAnyPackage("io.roster.steps..", "io.roster.commands..", "io.roster.api..",
                    "io.roster.observe..", "io.roster.console..")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("io.roster.RosterMain")
            .because("a value walks down the rooms as a body; the run is the steps' own");

    static final ArchRule LAYERS = Architectures.layeredArchitecture().consideringOnlyDependenciesInLayers()
            .layer("Shell").definedBy("io.roster", "io.roster.api..", "io.roster.console..", "io.roster.observe..",
                    "io.roster.commands..")
            .layer("Steps").definedBy("io.roster.steps..")
            .layer("Targets").definedBy("io.roster.targets..")
            .layer("Job").definedBy("io.roster.job..")
            .layer("Plan").definedBy("io.roster.plan..")
            .layer("Mapping").definedBy("io.roster.mapping..")
            .layer("Source").definedBy("io.roster.source..")
            .layer("State").definedBy("io.roster.state..")
            .layer("Report").definedBy("io.roster.report..")
            .layer("Base").definedBy("io.roster.config..", "io.roster.secrets..", "io.roster.jdbc..")
            .whereLayer("Shell").mayNotBeAccessedByAnyLayer()
            .whereLayer("Steps").mayOnlyBeAccessedByLayers("Shell")
            .whereLayer("Targets").mayOnlyBeAccessedByLayers("Steps", "Shell")
            .whereLayer("Job").mayOnlyBeAccessedByLayers("Targets", "Steps", "Shell")
            .whereLayer("Plan").mayOnlyBeAccessedByLayers("Job", "Targets", "Steps", "Shell")
            .whereLayer("Mapping").mayOnlyBeAccessedByLayers("Plan", "Job", "Targets", "Steps", "Shell")
            .whereLayer("Source").mayOnlyBeAccessedByLayers("Mapping", "Plan", "Job", "Targets", "Steps", "Shell")
            .whereLayer("State").mayOnlyBeAccessedByLayers("Source", "Mapping", "Plan", "Job", "Targets", "Steps", "Shell")
            .whereLayer("Report").mayOnlyBeAccessedByLayers("State", "Source", "Mapping", "Plan", "Job", "Targets",
                    "Steps", "Shell");

    /** Rooms (first-level packages) import each other in one direction only. */
    static final ArchRule NO_CYCLES = slices().matching("io.roster.(*)..").should().beFreeOfCycles();

    @Test
    void onlyTheStepsRoomTouchesCamel() {
        ONLY_STEPS_TOUCH_CAMEL.check(main);
    }

    @Test
    void domainRoomsNeverImportTheStepsTheRunOrTheShell() {
        DOMAIN_NEVER_REACHES_UP.check(main);
    }

    @Test
    void eachRoomUsesOnlyRoomsBelowIt() {
        LAYERS.check(main);
    }

    @Test
    void roomsHaveNoCycles() {
        NO_CYCLES.check(main);
    }

    /** The rules are not vacuous: a plan class that takes an exchange, or reads the run, breaks them. */
    @Test
    void theRulesCatchADomainClassThatImportsCamelOrTheSteps() {
        JavaClasses camel = new ClassFileImporter().importClasses(PlanThatKnowsCamel.class);
        assertThrows(AssertionError.class, () -> ONLY_STEPS_TOUCH_CAMEL.check(camel));
        JavaClasses run = new ClassFileImporter().importClasses(PlanThatKnowsTheRun.class);
        assertThrows(AssertionError.class, () -> DOMAIN_NEVER_REACHES_UP.check(run));
        JavaClasses both = new ClassFileImporter().importPackages("io.roster.plan.layeringfixture", "io.roster.steps");
        assertThrows(AssertionError.class, () -> LAYERS.check(both));
    }
}
