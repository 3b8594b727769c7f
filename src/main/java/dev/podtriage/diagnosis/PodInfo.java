package dev.podtriage.diagnosis;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The pod's identity and kubectl's view of it.
 *
 * @param status   kubectl's STATUS column
 * @param ready    kubectl's READY column
 * @param restarts the number in kubectl's RESTARTS column
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PodInfo(String namespace, String name, String uid, String node, OwnerRef owner, String phase,
                      String status, String ready, int restarts) {
}
