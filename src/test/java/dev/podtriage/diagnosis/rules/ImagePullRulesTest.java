package dev.podtriage.diagnosis.rules;

import static dev.podtriage.diagnosis.Fixtures.assertFixNames;
import static dev.podtriage.diagnosis.Fixtures.assertHealthy;
import static dev.podtriage.diagnosis.Fixtures.assertMessageNames;
import static dev.podtriage.diagnosis.Fixtures.assertRootCause;
import static dev.podtriage.diagnosis.Fixtures.rules;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.podtriage.diagnosis.Diagnosis;
import dev.podtriage.diagnosis.DiagnosisSettings;
import dev.podtriage.diagnosis.Evidence;
import dev.podtriage.diagnosis.EvidenceSource;
import dev.podtriage.diagnosis.Finding;
import dev.podtriage.diagnosis.Fixtures;
import dev.podtriage.diagnosis.PodSnapshot;
import dev.podtriage.diagnosis.PodView;
import dev.podtriage.diagnosis.Severity;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ImagePullRulesTest {

    private static List<String> imageRules(Diagnosis d) {
        return rules(d).stream().filter(r -> r.startsWith("image-")).toList();
    }

    private static String evidenceText(Finding f) {
        return String.join("\n", f.evidence().stream().map(Evidence::text).toList());
    }

    @Nested
    class NotFound {
        @Test
        void tagThatDoesNotExistOnContainerd() {
            Diagnosis d = Fixtures.diagnose("image/not-found-containerd.json");
            Finding f = assertRootCause(d, "image-not-found", "main-app");
            assertEquals(Severity.CRITICAL, d.severity());
            assertMessageNames(f, "nginx:1.99", "docker.io", "library/nginx");
            assertFixNames(f, "docker.io/library/nginx", "`1.99`", "Deployment `web`");
            assertEquals("Image `nginx:1.99` does not exist in its registry", d.summary().markdown());
            assertEquals(EvidenceSource.STATUS, f.evidence().get(0).source());
            assertEquals("Failed", f.evidence().get(1).reason());
            assertEquals(4, f.evidence().get(1).count());
            assertEquals("Deployment", d.pod().owner().kind());
            assertEquals("web", d.pod().owner().name());
        }

        @Test
        void dockerManifestUnknown() {
            Diagnosis d = Fixtures.diagnose("image/not-found-docker.json");
            Finding f = assertRootCause(d, "image-not-found", "nginx");
            assertEquals(List.of("image-not-found"), rules(d));
            assertMessageNames(f, "`nginx:1.99`", "tag `1.99`", "`library/nginx`", "`docker.io`");
            assertFixNames(f, "crane ls docker.io/library/nginx", "spec.containers[nginx].image", "Deployment `catalog`");
            assertTrue(evidenceText(f).contains("manifest for nginx:1.99 not found"), evidenceText(f));
        }

        @Test
        void crioManifestUnknownReadFromTheStatusMessage() {
            Diagnosis d = Fixtures.diagnose("image/not-found-crio.json");
            Finding f = assertRootCause(d, "image-not-found", "frontend");
            assertEquals("ErrImagePull", f.evidence().get(0).reason());
            assertMessageNames(f, "`nginx:1.99`", "`docker.io`");
            assertFixNames(f, "docker.io/library/nginx", "`1.99`", "Deployment `frontend`");
        }

        @Test
        void privateRegistryWithPortIsNamedWithItsPort() {
            Diagnosis d = Fixtures.diagnose("image/not-found-private-registry.json");
            Finding f = assertRootCause(d, "image-not-found", "app");
            assertMessageNames(f, "registry `registry.example.com:5000`", "tag `v2`", "repository `team/app`");
            assertFixNames(f, "crane ls registry.example.com:5000/team/app", "`v2`", "docker push registry.example.com:5000/team/app:v2");
        }

        @Test
        void pinnedDigestIsNotReadAsAnHttpStatus() {
            // the digest's hex contains "401" and "403": still a not-found, and the fix is about digests, not tags
            Diagnosis d = Fixtures.diagnose("image/not-found-digest.json");
            Finding f = assertRootCause(d, "image-not-found", "checkout");
            String digest = "sha256:3f401c9e7a1d5b403e2c8f6a9d0b1e4c7a2f5d8b0c3e6a9f1d4b7c0e2a5f8d13";
            assertMessageNames(f, "digest `" + digest + "`", "`registry.example.com`", "`shop/checkout`");
            assertFixNames(f, "crane digest registry.example.com/shop/checkout:<tag>", "Deployment `checkout`");
            assertFalse(String.join("\n", f.fixes().stream().map(String::valueOf).toList()).contains("docker push"), "a digest cannot be pushed to: " + f.fixes());
        }

        @Test
        void theNewestPullErrorDecidesNotAnOlderOne() {
            // the registry timed out at first (older event), now it answers "not found"
            Diagnosis d = Fixtures.diagnose("image/not-found-after-unreachable.json");
            Finding f = assertRootCause(d, "image-not-found", "cart");
            assertEquals(List.of("image-not-found"), rules(d));
            assertTrue(evidenceText(f).contains(": not found"), evidenceText(f));
            assertFalse(evidenceText(f).contains("i/o timeout"), "the outdated error is not quoted: " + evidenceText(f));
            assertFixNames(f, "harbor.example.com/shop/cart", "`2.4.0`");
        }

        @Test
        void initContainerIsTheRootCause() {
            Diagnosis d = Fixtures.diagnose("image/init-container-not-found.json");
            Finding f = assertRootCause(d, "image-not-found", "db-migrate");
            assertEquals(List.of("image-not-found"), rules(d), "the app container waiting in PodInitializing is not a finding");
            assertMessageNames(f, "init container `db-migrate`", "`ghcr.io/acme/shop-migrate:v1.8.0`", "`ghcr.io`");
            assertFixNames(f, "spec.initContainers[db-migrate].image", "`v1.8.0`", "Deployment `orders`");
            assertEquals("status.initContainerStatuses[db-migrate].state.waiting", f.evidence().get(0).field());
            PodView view = new PodView(Fixtures.snapshots("image/init-container-not-found.json").get(0), Fixtures.AT,
                    DiagnosisSettings.defaults());
            assertEquals("init container", view.container("db-migrate").orElseThrow().kind());
            assertEquals("container", view.container("orders").orElseThrow().kind());
        }
    }

    @Nested
    class Unauthorized {
        @Test
        void anonymousTokenMeansTheSecretHasNoEntryForTheRegistry() {
            Diagnosis d = Fixtures.diagnose("image/unauthorized-anonymous-token.json");
            Finding f = assertRootCause(d, "image-pull-unauthorized", "ledger");
            assertMessageNames(f, "`harbor.corp.example`", "401 Unauthorized", "`regcred`", "none were sent");
            assertFixNames(f, "secret regcred -n payments", "`harbor.corp.example`", "payments/ledger");
        }

        @Test
        void ecrForbiddenPointsAtTheNodeRole() {
            Diagnosis d = Fixtures.diagnose("image/unauthorized-ecr-forbidden.json");
            Finding f = assertRootCause(d, "image-pull-unauthorized", "api");
            assertMessageNames(f, "403 Forbidden", "`123456789012.dkr.ecr.eu-west-1.amazonaws.com`", "`shop/api`");
            assertFixNames(f, "AmazonEC2ContainerRegistryReadOnly", "account 123456789012", "region eu-west-1",
                    "aws ecr get-login-password --region eu-west-1", "Deployment `api`");
        }

        @Test
        void dockerPullAccessDeniedIsUnauthorizedNotNotFound() {
            Diagnosis d = Fixtures.diagnose("image/unauthorized-docker-pull-access-denied.json");
            Finding f = assertRootCause(d, "image-pull-unauthorized", "worker");
            assertMessageNames(f, "`docker.io`", "`acme/private:1.0`", "private or does not exist");
            // Docker Hub's server name in a docker-registry secret is its legacy v1 URL
            assertFixNames(f, "--docker-server=https://index.docker.io/v1/", "-n jobs", "Deployment `worker`", "`acme/private`");
        }

        @Test
        void noBasicAuthCredentialsFromDockerOnEcr() {
            Diagnosis d = Fixtures.diagnose("image/unauthorized-no-basic-auth.json");
            Finding f = assertRootCause(d, "image-pull-unauthorized", "invoicer");
            assertMessageNames(f, "no basic auth credentials", "`123456789012.dkr.ecr.us-east-1.amazonaws.com`");
            assertFixNames(f, "region us-east-1", "`billing/invoicer`", "-n billing");
        }

        @Test
        void eventsWithoutFieldPathAreMatchedByTheirImage() {
            // two containers; the kubelet events carry no fieldPath; only the image in the message tells whose they are
            Diagnosis d = Fixtures.diagnose("image/unauthorized-crio-no-fieldpath.json");
            Finding f = assertRootCause(d, "image-pull-unauthorized", "log-shipper");
            assertEquals(List.of("image-pull-unauthorized"), rules(d), "the running storefront container has no finding");
            assertMessageNames(f, "`quay.io`", "`quay.io/acme/log-shipper:2.1`", "`quay-pull`");
            assertTrue(evidenceText(f).contains("access to the requested resource is not authorized"), evidenceText(f));
            assertFixNames(f, "secret quay-pull -n web", "`quay.io`");
        }

        @Test
        void statusOnlyWithTheKubelet131BackOffMessage() {
            // events expired; since Kubernetes 1.31 the back-off message keeps the last pull error
            Diagnosis d = Fixtures.diagnose("image/unauthorized-status-only-k131.json");
            Finding f = assertRootCause(d, "image-pull-unauthorized", "billing");
            assertEquals(1, f.evidence().size());
            assertEquals(EvidenceSource.STATUS, f.evidence().get(0).source());
            assertMessageNames(f, "403 Forbidden", "`europe-west1-docker.pkg.dev`");
            assertFixNames(f, "roles/artifactregistry.reader", "project `acme-prod`", "Deployment `billing`");
        }
    }

    @Nested
    class SecretMissing {
        @Test
        void missingSecretExplainsThe401() {
            Diagnosis d = Fixtures.diagnose("image/secret-missing-unauthorized.json");
            Finding f = assertRootCause(d, "image-pull-secret-missing", "api");
            assertEquals(List.of("image-pull-secret-missing"), rules(d));
            assertEquals(Severity.CRITICAL, f.severity());
            assertMessageNames(f, "`regcred`", "namespace `payments`", "`registry.example.com`", "401 Unauthorized");
            assertFixNames(f, "kubectl create secret docker-registry regcred -n payments --docker-server=registry.example.com",
                    "Deployment `payments-api`", "ServiceAccount `default`");
            assertEquals("FailedToRetrieveImagePullSecret", f.evidence().get(0).reason());
        }

        @Test
        void missingSecretExplainsDockerHubsRepositoryDoesNotExist() {
            // anonymous pulls of a private Docker Hub repository read "repository does not exist or may require authorization"
            Diagnosis d = Fixtures.diagnose("image/secret-missing-dockerhub-private.json");
            Finding f = assertRootCause(d, "image-pull-secret-missing", "worker");
            assertEquals(List.of("image-pull-secret-missing"), rules(d));
            assertMessageNames(f, "`dockerhub-creds`", "`docker.io`");
            assertFixNames(f, "docker-registry dockerhub-creds -n billing --docker-server=https://index.docker.io/v1/");
        }

        @Test
        void warningOnlyWhenThePullSucceeded() {
            Diagnosis d = Fixtures.diagnose("image/secret-missing-pull-succeeded.json");
            assertEquals(List.of("image-pull-secret-missing"), rules(d));
            Finding f = d.findings().get(0);
            assertEquals(Severity.WARNING, f.severity());
            assertEquals(Severity.WARNING, d.severity());
            assertNull(f.container(), "a pod-level finding");
            assertMessageNames(f, "`dockerhub-mirror`", "namespace `marketing`", "public or cached");
            assertFixNames(f, "docker-registry dockerhub-mirror -n marketing", "Deployment `web`");
            assertEquals("FailedToRetrieveImagePullSecret", f.evidence().get(0).reason());
        }

        @Test
        void notFoundStaysTheRootCauseAndTheMissingSecretIsReportedToo() {
            Diagnosis d = Fixtures.diagnose("image/secret-missing-and-not-found.json");
            assertRootCause(d, "image-not-found", "redis");
            assertEquals(List.of("image-not-found", "image-pull-secret-missing"), rules(d));
            Finding secret = d.findings().get(1);
            assertEquals(Severity.WARNING, secret.severity());
            assertMessageNames(secret, "`regcred`", "not what makes the pull fail");
        }
    }

    @Nested
    class Unreachable {
        @Test
        void dnsFailureNamesHostAndResolver() {
            Diagnosis d = Fixtures.diagnose("image/unreachable-dns.json");
            Finding f = assertRootCause(d, "image-registry-unreachable", "gateway");
            assertMessageNames(f, "`registry.internal`", "10.96.0.10:53", "no such host", "Node `node-6`");
            assertFixNames(f, "nslookup registry.internal", "node `node-6`", "spec.containers[gateway].image", "Deployment `gateway`");
        }

        @Test
        void eventsOnlyWithoutContainerStatuses() {
            Diagnosis d = Fixtures.diagnose("image/unreachable-timeout-events-only.json");
            Finding f = assertRootCause(d, "image-registry-unreachable", "exporter");
            assertTrue(f.evidence().stream().allMatch(e -> e.source() == EvidenceSource.EVENT), "only events: " + f.evidence());
            assertMessageNames(f, "10.0.0.5:443", "i/o timeout", "`registry.corp.example`", "Node `node-2`");
            assertFixNames(f, "curl -v https://registry.corp.example/v2/", "node `node-2`", "10.0.0.5:443");
        }

        @Test
        void untrustedCertificate() {
            Diagnosis d = Fixtures.diagnose("image/unreachable-x509.json");
            Finding f = assertRootCause(d, "image-registry-unreachable", "risk-engine");
            assertMessageNames(f, "`harbor.corp.example`", "x509", "node `node-5`");
            assertFixNames(f, "/etc/containerd/certs.d/harbor.corp.example/ca.crt");
        }

        @Test
        void plainHttpRegistry() {
            Diagnosis d = Fixtures.diagnose("image/unreachable-http-to-https.json");
            Finding f = assertRootCause(d, "image-registry-unreachable", "app");
            assertMessageNames(f, "`10.0.0.5:5000`", "plain HTTP", "node `node-1`");
            assertFixNames(f, "/etc/containerd/certs.d/10.0.0.5:5000/hosts.toml", "http://10.0.0.5:5000");
        }
    }

    @Nested
    class RateLimited {
        @Test
        void containerd429() {
            Diagnosis d = Fixtures.diagnose("image/rate-limited-containerd.json");
            Finding f = assertRootCause(d, "image-pull-rate-limited", "redis");
            assertMessageNames(f, "`docker.io`", "`redis:7.2.4`", "toomanyrequests");
            assertFixNames(f, "https://index.docker.io/v1/", "Deployment `sessions`", "spec.containers[redis].image");
        }

        @Test
        void dockerToomanyrequestsOnADaemonSet() {
            Diagnosis d = Fixtures.diagnose("image/rate-limited-docker.json");
            Finding f = assertRootCause(d, "image-pull-rate-limited", "fluent-bit");
            assertMessageNames(f, "`fluent/fluent-bit:3.1.9`", "`docker.io`");
            assertFixNames(f, "DaemonSet `fluent-bit`", "spec.containers[fluent-bit].imagePullPolicy: IfNotPresent");
        }
    }

    @Nested
    class PlatformMismatch {
        @Test
        void dockerNoMatchingManifestOnAnArmNode() {
            Diagnosis d = Fixtures.diagnose("image/platform-mismatch-docker.json");
            Finding f = assertRootCause(d, "image-platform-mismatch", "reporter");
            assertMessageNames(f, "linux/arm64", "node `worker-arm-1`", "`acme/legacy-reporter:2.3`");
            assertFixNames(f, "docker buildx build --platform linux/amd64,linux/arm64", "node `worker-arm-1`",
                    "kubernetes.io/arch", "Deployment `reporter`");
            assertTrue(f.evidence().stream().anyMatch(e -> e.source() == EvidenceSource.NODE && e.text().contains("arm64")),
                    "quotes the node's architecture: " + f.evidence());
        }

        @Test
        void containerdNoMatchForPlatformTakesThePlatformFromTheNode() {
            // containerd says "no match for platform in manifest …: not found": not an image-not-found
            Diagnosis d = Fixtures.diagnose("image/platform-mismatch-containerd.json");
            Finding f = assertRootCause(d, "image-platform-mismatch", "render");
            assertEquals(List.of("image-platform-mismatch"), rules(d));
            assertMessageNames(f, "linux/arm64", "node `ip-10-0-44-9.eu-west-1.compute.internal`");
            assertFixNames(f, "crane manifest docker.io/acme/pdf-render:1.0.7");
        }
    }

    @Nested
    class InvalidName {
        @Test
        void upperCaseRepository() {
            Diagnosis d = Fixtures.diagnose("image/invalid-name-uppercase.json");
            Finding f = assertRootCause(d, "image-name-invalid", "proxy");
            assertMessageNames(f, "`Nginx:Latest`", "lower case");
            assertFixNames(f, "`nginx:latest`", "spec.containers[proxy].image", "Deployment `proxy`");
        }

        @Test
        void emptyTagStatusOnly() {
            Diagnosis d = Fixtures.diagnose("image/invalid-name-empty-tag.json");
            Finding f = assertRootCause(d, "image-name-invalid", "report");
            assertMessageNames(f, "`registry.example.com:5000/analytics/report:`", "ends in `:`");
            assertFixNames(f, "registry.example.com:5000/analytics/report:<tag>", "Job `nightly-report-29231400`");
        }
    }

    @Nested
    class NeverPull {
        @Test
        void kindNode() {
            Diagnosis d = Fixtures.diagnose("image/never-pull-kind.json");
            Finding f = assertRootCause(d, "image-never-pull", "myapp");
            assertMessageNames(f, "`myapp:dev`", "node `kind-worker`", "`Never`");
            assertFixNames(f, "kind load docker-image myapp:dev", "spec.containers[myapp].imagePullPolicy: IfNotPresent");
        }

        @Test
        void initContainerOnMinikube() {
            Diagnosis d = Fixtures.diagnose("image/never-pull-init-container.json");
            Finding f = assertRootCause(d, "image-never-pull", "seed");
            assertEquals(List.of("image-never-pull"), rules(d));
            assertMessageNames(f, "init container `seed`", "`seed-data:dev`", "node `minikube`");
            assertFixNames(f, "minikube image load seed-data:dev", "spec.initContainers[seed].imagePullPolicy");
        }
    }

    @Nested
    class PullFailed {
        @Test
        void backOffWithExpiredEventsSaysTheDetailsExpired() {
            Diagnosis d = Fixtures.diagnose("image/pull-failed-details-expired.json");
            Finding f = assertRootCause(d, "image-pull-failed", "worker");
            assertEquals(1, f.evidence().size());
            assertMessageNames(f, "`registry.example.com/team/worker:4.0.1`", "expire");
            assertFixNames(f, "crictl pull registry.example.com/team/worker:4.0.1", "node `node-5`",
                    "kubectl delete pod worker-9a8b7c6d5e-", "-n batch", "`4.0.1`");
        }

        @Test
        void signatureValidationFailed() {
            Diagnosis d = Fixtures.diagnose("image/pull-failed-signature.json");
            Finding f = assertRootCause(d, "image-pull-failed", "app");
            assertMessageNames(f, "SignatureValidationFailed", "`quay.io/crio/unsigned:latest`", "no signature exists");
            assertFixNames(f, "cosign sign", "/etc/containers/policy.json", "node `worker-c1.ocp.example.com`");
        }

        @Test
        void imageInspectErrorIsALocalRuntimeProblem() {
            Diagnosis d = Fixtures.diagnose("image/pull-failed-inspect-error.json");
            Finding f = assertRootCause(d, "image-pull-failed", "search");
            assertMessageNames(f, "ImageInspectError", "node `worker-2`", "readlink /var/lib/docker/overlay2/l");
            assertFixNames(f, "crictl rmi registry.example.com/shop/search:8.4.1", "node `worker-2`");
        }
    }

    @Nested
    class AwkwardCases {
        @Test
        void twoContainersFailingDifferentlyGiveTwoFindingsInContainerOrder() {
            Diagnosis d = Fixtures.diagnose("image/two-containers-different-failures.json");
            Finding api = assertRootCause(d, "image-not-found", "api");
            assertEquals(List.of("image-not-found", "image-pull-unauthorized"), rules(d));
            Finding metrics = d.findings().get(1);
            assertEquals("metrics", metrics.container());
            assertMessageNames(api, "`registry.example.com/shop/api:2.9.0`");
            assertMessageNames(metrics, "`registry.example.com/platform/metrics-agent:1.3`", "401 Unauthorized");
            assertFixNames(metrics, "--docker-server=registry.example.com", "Deployment `shop-api`");
            assertTrue(d.summary().markdown().endsWith("(+1 more)"), d.summary().markdown());
        }

        @Test
        void aLaterSuccessfulPullLeavesNoImageFinding() {
            Diagnosis d = Fixtures.diagnose("image/pulled-after-failure-healthy.json");
            assertEquals(List.of(), imageRules(d));
            assertHealthy(d);
        }

        @Test
        void eventsOfAnOlderPodWithTheSameNameDoNotLeakIn() {
            List<PodSnapshot> snapshots = Fixtures.snapshots("image/recreated-pod-old-events.json");
            Pod pod = snapshots.get(0).pod();
            assertEquals(2, snapshots.get(0).events().size(), "only the new pod's Scheduled and Pulling events");
            assertTrue(snapshots.get(0).events().stream()
                    .allMatch(e -> pod.getMetadata().getUid().equals(e.getInvolvedObject().getUid())));
            Diagnosis d = Fixtures.diagnose("image/recreated-pod-old-events.json");
            assertEquals(List.of(), imageRules(d));
            assertHealthy(d);
        }

        @Test
        void theOldPodsEventsWouldBeDiagnosedIfTheyBelongedToIt() {
            // guards the test above: the same events matched by name alone do make a finding
            PodSnapshot s = Fixtures.snapshots("image/recreated-pod-old-events.json").get(0);
            List<io.fabric8.kubernetes.api.model.Event> all = new dev.podtriage.diagnosis.input.ManifestReader()
                    .read(Fixtures.read("image/recreated-pod-old-events.json"), false).stream()
                    .filter(o -> o instanceof io.fabric8.kubernetes.api.model.Event)
                    .map(o -> (io.fabric8.kubernetes.api.model.Event) o).toList();
            Diagnosis d = dev.podtriage.diagnosis.rules.StandardRules.engine()
                    .diagnose(PodSnapshot.of(s.pod(), all), Fixtures.AT, "offline");
            assertEquals(List.of("image-not-found"), imageRules(d));
        }

        @Test
        void aCreateErrorThatMentionsTheImageIsNotAPullFailure() {
            // "Error: container has runAsNonRoot and image will run as root" is a Failed event naming "image"
            Diagnosis d = Fixtures.diagnose("image/no-image-finding-run-as-root.json");
            assertEquals(List.of(), imageRules(d));
        }
    }

    @Test
    void partialObjectsDoNotThrow() {
        // a status without spec, no messages, an event without message or timestamps
        Pod pod = new io.fabric8.kubernetes.api.model.PodBuilder()
                .withNewMetadata().withName("bare").withNamespace("x").endMetadata()
                .withNewStatus().addNewContainerStatus().withName("app")
                .withNewState().withNewWaiting().withReason("ImagePullBackOff").endWaiting().endState()
                .endContainerStatus().endStatus().build();
        io.fabric8.kubernetes.api.model.Event event = new io.fabric8.kubernetes.api.model.EventBuilder()
                .withReason("Failed").withNewInvolvedObject().withKind("Pod").withName("bare").endInvolvedObject().build();
        Diagnosis d = dev.podtriage.diagnosis.rules.StandardRules.engine()
                .diagnose(PodSnapshot.of(pod, List.of(event)), Fixtures.AT, "offline");
        Finding f = assertRootCause(d, "image-pull-failed", "app");
        assertMessageNames(f, "expire");
        Diagnosis empty = dev.podtriage.diagnosis.rules.StandardRules.engine()
                .diagnose(PodSnapshot.of(new Pod(), List.of(event)), Fixtures.AT, "offline");
        assertEquals(List.of(), imageRules(empty));
    }

    @Test
    void theRuntimesErrorAndSecretNamesWithBackticksAreQuotedVerbatim() {
        String error = "readlink `/var/lib/docker/overlay2/l`: *invalid* _argument_";
        String json = Fixtures.read("image/pull-failed-inspect-error.json").replace("readlink /var/lib/docker/overlay2/l: invalid argument", error);
        assertTrue(json.contains(error), "fixture edited");
        Finding f = assertRootCause(ClusterTexts.diagnoseEdited(json), "image-pull-failed", "search");
        ClusterTexts.assertQuotedVerbatim(f.message(), "Error response from daemon: " + error);

        String secret = "reg`cred_*";
        String missing = Fixtures.read("image/secret-missing-unauthorized.json").replace("regcred", secret);
        assertTrue(missing.contains(secret), "fixture edited");
        Finding s = assertRootCause(ClusterTexts.diagnoseEdited(missing), "image-pull-secret-missing", "api");
        ClusterTexts.assertQuotedVerbatim(s.message(), secret);
        ClusterTexts.assertQuotedVerbatim(s.headline(), secret);
        ClusterTexts.assertQuotedVerbatim(s.fixes().get(0), "kubectl create secret docker-registry " + secret
                + " -n payments --docker-server=registry.example.com --docker-username=<user> --docker-password=<token>");
    }
}
