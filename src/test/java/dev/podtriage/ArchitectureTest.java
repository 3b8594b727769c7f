package dev.podtriage;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The layers of pod-triage (README, "Where things are"), checked on the main classes:
 * the engine depends on nothing of the service; the cluster layer decides no HTTP status;
 * renderers know the engine's results and nothing of HTTP or the cluster; only {@code api} and
 * {@code chatops} serve HTTP; and no two packages depend on each other.
 */
@AnalyzeClasses(packages = "dev.podtriage", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    private static final String[] HTTP_SERVER = {"jakarta.ws.rs..", "org.jboss.resteasy.reactive..", "io.quarkus.vertx.http..",
        "io.vertx.ext.web.."};

    @ArchTest
    static final ArchRule engineIsPure = classes().that().resideInAPackage("dev.podtriage.diagnosis..")
            .should().onlyDependOnClassesThat().resideInAnyPackage(
                    "dev.podtriage.diagnosis..",
                    "java..",
                    "io.fabric8.kubernetes.api.model..",
                    "com.fasterxml.jackson..",
                    "org.eclipse.microprofile.openapi.annotations..")
            .because("the engine is snapshot in, diagnosis out: no Quarkus, no I/O, no client, nothing of the service");

    @ArchTest
    static final ArchRule engineKnowsNoRuleFamily = noClasses().that().resideInAPackage("dev.podtriage.diagnosis")
            .should().dependOnClassesThat().resideInAPackage("dev.podtriage.diagnosis.rules..")
            .because("rule families plug into the engine (StandardRules lists them), not the other way round");

    @ArchTest
    static final ArchRule clusterDecidesNoHttp = noClasses().that().resideInAPackage("dev.podtriage.cluster..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.podtriage.api..", "dev.podtriage.chatops..",
                    "dev.podtriage.http..", "dev.podtriage.render..", "dev.podtriage.notify..")
            .because("the cluster layer reports not found, forbidden and unavailable as ClusterException; "
                    + "api and chatops turn them into answers");

    @ArchTest
    static final ArchRule renderersKnowOnlyResults = classes().that().resideInAPackage("dev.podtriage.render..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("dev.podtriage.render..", "dev.podtriage.diagnosis..",
                    "dev.podtriage.incidents..", "java..", "com.fasterxml.jackson..", "io.fabric8.kubernetes.api.model..")
            .because("renderers turn the engine's results into messages, knowing nothing of HTTP paths or the cluster");

    @ArchTest
    static final ArchRule onlyApiAndChatopsServeHttp = noClasses().that().resideOutsideOfPackages("dev.podtriage.api..",
                    "dev.podtriage.chatops..")
            .should().dependOnClassesThat().resideInAnyPackage(HTTP_SERVER)
            .because("only api and chatops serve HTTP");

    @ArchTest
    static final ArchRule apiAndChatopsAreSiblings = noClasses().that().resideInAPackage("dev.podtriage.chatops..")
            .should().dependOnClassesThat().resideInAPackage("dev.podtriage.api..")
            .because("shared HTTP helpers (problem+json) live in dev.podtriage.http, token digests in dev.podtriage.security");

    @ArchTest
    static final ArchRule apiKnowsNoChat = noClasses().that().resideInAPackage("dev.podtriage.api..")
            .should().dependOnClassesThat().resideInAPackage("dev.podtriage.chatops..");

    @ArchTest
    static final ArchRule notificationsServeNoRequests = noClasses().that().resideInAPackage("dev.podtriage.notify..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.podtriage.api..", "dev.podtriage.chatops..");

    @ArchTest
    static final ArchRule noPackageCycles = slices().matching("dev.podtriage.(**)").should().beFreeOfCycles();
}
