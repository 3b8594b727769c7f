package dev.podtriage.api;

/** Request examples shown in the OpenAPI document and Swagger UI: real kubectl output, trimmed. */
final class Examples {
    private Examples() {
    }

    static final String IMAGE_PULL_LIST = """
            {"apiVersion": "v1", "kind": "List", "metadata": {"resourceVersion": ""}, "items": [
              {"apiVersion": "v1", "kind": "Pod",
               "metadata": {"name": "web-7d9c8b5f4d-x2v9k", "namespace": "shop", "uid": "0c8a6f5e-2a57-4d4e-b6a2-7c9e4f1d3b20",
                            "creationTimestamp": "2026-11-27T09:50:12Z", "labels": {"app": "web", "pod-template-hash": "7d9c8b5f4d"},
                            "ownerReferences": [{"apiVersion": "apps/v1", "kind": "ReplicaSet", "name": "web-7d9c8b5f4d",
                                                 "uid": "5b1f0c3e-8d3a-4c1e-9a51-3f0f8b8d2a11", "controller": true}]},
               "spec": {"nodeName": "node-3", "restartPolicy": "Always",
                        "containers": [{"name": "main-app", "image": "nginx:1.99",
                                        "resources": {"requests": {"cpu": "100m", "memory": "64Mi"}, "limits": {"memory": "128Mi"}}}]},
               "status": {"phase": "Pending", "conditions": [{"type": "PodScheduled", "status": "True"}],
                          "containerStatuses": [{"name": "main-app", "image": "nginx:1.99", "imageID": "", "ready": false,
                                                 "restartCount": 0, "started": false,
                                                 "state": {"waiting": {"reason": "ImagePullBackOff",
                                                                       "message": "Back-off pulling image \\"nginx:1.99\\""}}}]}},
              {"apiVersion": "v1", "kind": "Event", "type": "Warning", "reason": "Failed", "count": 4,
               "metadata": {"name": "web-7d9c8b5f4d-x2v9k.187b2d1f0a9b8c7d", "namespace": "shop"},
               "involvedObject": {"kind": "Pod", "namespace": "shop", "name": "web-7d9c8b5f4d-x2v9k",
                                  "uid": "0c8a6f5e-2a57-4d4e-b6a2-7c9e4f1d3b20", "fieldPath": "spec.containers{main-app}"},
               "firstTimestamp": "2026-11-27T09:50:15Z", "lastTimestamp": "2026-11-27T09:51:48Z",
               "source": {"component": "kubelet", "host": "node-3"},
               "message": "Failed to pull image \\"nginx:1.99\\": rpc error: code = NotFound desc = failed to pull and unpack image \\"docker.io/library/nginx:1.99\\": failed to resolve reference \\"docker.io/library/nginx:1.99\\": docker.io/library/nginx:1.99: not found"}
            ]}""";

    static final String OOM_POD_YAML = """
            apiVersion: v1
            kind: Pod
            metadata:
              name: cache-0
              namespace: shop
              uid: 9f1c2d3e-4b5a-4c6d-8e7f-0a1b2c3d4e5f
              creationTimestamp: "2026-11-27T09:10:00Z"
            spec:
              nodeName: node-1
              restartPolicy: Always
              containers:
              - name: app
                image: redis:7.2
                resources:
                  requests: {cpu: 50m, memory: 32Mi}
                  limits: {memory: 50Mi}
            status:
              phase: Running
              conditions:
              - {type: Ready, status: "False"}
              containerStatuses:
              - name: app
                image: redis:7.2
                ready: false
                restartCount: 6
                state:
                  waiting:
                    reason: CrashLoopBackOff
                    message: back-off 5m0s restarting failed container=app pod=cache-0_shop(9f1c2d3e-4b5a-4c6d-8e7f-0a1b2c3d4e5f)
                lastState:
                  terminated:
                    reason: OOMKilled
                    exitCode: 137
                    startedAt: "2026-11-27T09:55:01Z"
                    finishedAt: "2026-11-27T09:55:09Z"
            """;
}
