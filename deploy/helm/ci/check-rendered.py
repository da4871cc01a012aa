"""Checks what the chart promises on manifests rendered by `helm template` (.ci/helm-check).

    python check-rendered.py CASE MANIFESTS.yaml [CASE MANIFESTS.yaml ...]

CASE is the name of a values file in this folder (defaults, hpa, ...). The Kubernetes schemas
say whether a manifest is valid; this says whether it is what the chart's values ask for:
replicas, rolling update, probes, security context, secrets, environment. Needs PyYAML.
"""

import sys

import yaml

failures = []


def check(condition, message):
    if not condition:
        failures.append(message)


def load(path):
    with open(path, encoding="utf-8") as f:
        docs = [d for d in yaml.safe_load_all(f) if d]
    by_kind = {}
    for d in docs:
        by_kind.setdefault(d["kind"], []).append(d)
    return by_kind


def one(objects, kind):
    found = objects.get(kind, [])
    check(len(found) == 1, f"expected one {kind}, found {len(found)}")
    return found[0] if found else {}


def env_of(container):
    return {e["name"]: e for e in container.get("env", [])}


def value(env, name):
    return env.get(name, {}).get("value")


def secret_ref(env, name):
    ref = env.get(name, {}).get("valueFrom", {}).get("secretKeyRef", {})
    return (ref.get("name"), ref.get("key"))


def common(objects):
    """What every value set must keep."""
    deployment = one(objects, "Deployment")
    spec = deployment.get("spec", {})
    pod = spec.get("template", {}).get("spec", {})
    container = pod.get("containers", [{}])[0]
    env = env_of(container)
    names = [e["name"] for e in container.get("env", [])]
    check(len(names) == len(set(names)), f"duplicate environment variables: {names}")

    rolling = spec.get("strategy", {}).get("rollingUpdate", {})
    check(spec.get("strategy", {}).get("type") == "RollingUpdate", "strategy is not RollingUpdate")
    check(rolling.get("maxUnavailable") == 0 and rolling.get("maxSurge") == 1,
          f"rolling update is not maxUnavailable 0 / maxSurge 1: {rolling}")

    probes = {p: container.get(p, {}).get("httpGet", {}) for p in
              ("startupProbe", "livenessProbe", "readinessProbe")}
    check(probes["startupProbe"].get("path") == "/actuator/health/liveness", "startup probe path")
    check(probes["livenessProbe"].get("path") == "/actuator/health/liveness", "liveness probe path")
    check(probes["readinessProbe"].get("path") == "/actuator/health/readiness", "readiness probe path")
    startup = container.get("startupProbe", {})
    check(startup.get("periodSeconds", 0) * startup.get("failureThreshold", 0) >= 300,
          "the startup probe allows less than 5 minutes")
    check(all(p.get("port") == "http" for p in probes.values()), "probes must use the http port")

    psc = pod.get("securityContext", {})
    csc = container.get("securityContext", {})
    check(psc.get("runAsNonRoot") is True, "pod runAsNonRoot")
    check(psc.get("seccompProfile", {}).get("type") == "RuntimeDefault", "pod seccomp RuntimeDefault")
    check(csc.get("readOnlyRootFilesystem") is True, "readOnlyRootFilesystem")
    check(csc.get("allowPrivilegeEscalation") is False, "allowPrivilegeEscalation false")
    check(csc.get("capabilities", {}).get("drop") == ["ALL"], "capabilities drop ALL")
    mounts = {m["mountPath"]: m["name"] for m in container.get("volumeMounts", [])}
    volumes = {v["name"]: v for v in pod.get("volumes", [])}
    for path in ("/tmp", "/var/lib/slipway"):
        check(path in mounts and "emptyDir" in volumes.get(mounts.get(path), {}),
              f"{path} is not an emptyDir")
    check(value(env, "SLIPWAY_DATA_DIR") == "/var/lib/slipway", "SLIPWAY_DATA_DIR")
    check("-XX:MaxRAMPercentage=75" in (value(env, "JAVA_TOOL_OPTIONS") or ""), "MaxRAMPercentage")
    check(value(env, "SLIPWAY_DATABASE_URL").startswith("jdbc:postgresql://"), "database URL")
    check("valueFrom" in env.get("SLIPWAY_DATABASE_PASSWORD", {}),
          "the database password must come from a Secret")
    if "SLIPWAY_S3_SECRET_KEY" in env:
        check("valueFrom" in env["SLIPWAY_S3_SECRET_KEY"], "the S3 secret key must come from a Secret")
    if "SLIPWAY_ADMIN_PASSWORD" in env:
        check("valueFrom" in env["SLIPWAY_ADMIN_PASSWORD"], "the admin password must come from a Secret")
    check(pod.get("automountServiceAccountToken") is False, "automountServiceAccountToken")
    grace = pod.get("terminationGracePeriodSeconds", 0)
    pre_stop = container.get("lifecycle", {}).get("preStop", {})
    sleep = pre_stop.get("sleep", {}).get("seconds") or int(pre_stop.get("exec", {}).get("command", [0, 0])[1])
    check(sleep > 0 and grace >= sleep + 20, f"grace period {grace} s must cover preStop {sleep} s + 20 s")
    check("checksum/secrets" in spec["template"]["metadata"].get("annotations", {}),
          "no checksum/secrets annotation")
    resources = container.get("resources", {})
    check(resources.get("requests", {}).get("cpu") and resources.get("limits", {}).get("memory"),
          "resources need a CPU request and a memory limit")

    service = one(objects, "Service")
    ports = service.get("spec", {}).get("ports", [])
    check(service.get("spec", {}).get("type") == "ClusterIP", "Service type")
    check(ports and ports[0].get("name") == "http" and ports[0].get("port") == 8080, "Service port http/8080")
    check(container.get("ports", [{}])[0].get("name") == "http", "container port name")
    for secret in objects.get("Secret", []):
        check(all(v for v in secret.get("data", {}).values()), f"empty value in Secret {secret['metadata']['name']}")
    return deployment, pod, container, env


def case_defaults(objects):
    deployment, pod, container, env = common(objects)
    check(deployment["spec"].get("replicas") == 2, "default replicas must be 2")
    check("HorizontalPodAutoscaler" not in objects, "no HPA by default")
    check("Ingress" not in objects, "no Ingress by default")
    pdb = one(objects, "PodDisruptionBudget")
    check(pdb.get("spec", {}).get("minAvailable") == 1, "PDB minAvailable 1")
    check(one(objects, "ServiceAccount").get("automountServiceAccountToken") is False, "ServiceAccount automount")
    secrets = {s["metadata"]["name"]: s for s in objects.get("Secret", [])}
    check(set(secrets) == {"slipway-database", "slipway-s3"}, f"Secrets: {sorted(secrets)}")
    check(secret_ref(env, "SLIPWAY_DATABASE_PASSWORD") == ("slipway-database", "SLIPWAY_DATABASE_PASSWORD"),
          "database password reference")
    check(secret_ref(env, "SLIPWAY_S3_ACCESS_KEY") == ("slipway-s3", "SLIPWAY_S3_ACCESS_KEY"), "S3 key reference")
    check(value(env, "SLIPWAY_DATABASE_URL")
          == "jdbc:postgresql://postgres.databases.svc.cluster.local:5432/slipway?sslmode=require", "database URL")
    check(value(env, "SLIPWAY_ARTIFACTS_URI") == "s3://slipway-ci/artifacts", "artifacts URI")
    check(value(env, "SLIPWAY_TRUSTED_PROXIES") == "10.0.0.0/8,172.16.0.0/12,192.168.0.0/16", "trusted proxies")
    check(value(env, "SLIPWAY_FORWARD_HEADERS") == "framework", "forward headers")
    check("SLIPWAY_ADMIN_PASSWORD" not in env, "no admin password unless given")
    anti = pod.get("affinity", {}).get("podAntiAffinity", {})
    check("preferredDuringSchedulingIgnoredDuringExecution" in anti, "preferred pod anti-affinity")
    check(container["resources"] == {"requests": {"cpu": "1", "memory": "1536Mi"}, "limits": {"memory": "2Gi"}},
          f"default resources: {container['resources']}")


def case_existing_secrets(objects):
    _, _, _, env = common(objects)
    check("Secret" not in objects, "no Secret may be created when every credential is an existingSecret")
    check(secret_ref(env, "SLIPWAY_DATABASE_USERNAME") == ("pg-app", "username"), "database user reference")
    check(secret_ref(env, "SLIPWAY_DATABASE_PASSWORD") == ("pg-app", "password"), "database password reference")
    check(secret_ref(env, "SLIPWAY_S3_ACCESS_KEY") == ("slipway-s3", "AWS_ACCESS_KEY_ID"), "S3 access key reference")
    check(secret_ref(env, "SLIPWAY_S3_SECRET_KEY") == ("slipway-s3", "AWS_SECRET_ACCESS_KEY"), "S3 secret key reference")
    check(secret_ref(env, "SLIPWAY_ADMIN_PASSWORD") == ("slipway-admin", "admin-password"), "admin password reference")
    check(value(env, "SLIPWAY_ARTIFACTS_URI") == "s3://ml-artifacts/slipway/prod", "artifacts URI")
    check(value(env, "SLIPWAY_S3_ENDPOINT") == "http://minio.minio.svc:9000", "S3 endpoint")
    check(value(env, "SLIPWAY_S3_REGION") == "eu-central-1", "S3 region")
    check(value(env, "SLIPWAY_DATABASE_URL").startswith("jdbc:postgresql://pg-rw.databases.svc:5433/mlops?sslmode=verify-full&"),
          "database URL")
    check(value(env, "SLIPWAY_DATABASE_MAXPOOLSIZE") == "15", "pool size")


def case_existing_secret_username_value(objects):
    _, _, _, env = common(objects)
    secrets = {s["metadata"]["name"] for s in objects.get("Secret", [])}
    check(secrets == {"slipway-s3", "slipway-admin"}, f"Secrets: {sorted(secrets)}")
    check(value(env, "SLIPWAY_DATABASE_USERNAME") == "slipway_app", "database user as a plain value")
    check(secret_ref(env, "SLIPWAY_DATABASE_PASSWORD") == ("pg-password-only", "pg-password"), "database password reference")
    check(secret_ref(env, "SLIPWAY_ADMIN_PASSWORD") == ("slipway-admin", "SLIPWAY_ADMIN_PASSWORD"), "admin password reference")
    check(value(env, "SLIPWAY_ARTIFACTS_URI") == "s3://slipway-ci", "artifacts URI without prefix")


def case_hpa(objects):
    deployment, pod, _, _ = common(objects)
    check("replicas" not in deployment["spec"], "with autoscaling the Deployment must not set replicas")
    hpa = one(objects, "HorizontalPodAutoscaler")
    check(hpa.get("apiVersion") == "autoscaling/v2", "HPA autoscaling/v2")
    check(hpa.get("spec", {}).get("minReplicas") == 2 and hpa["spec"].get("maxReplicas") == 6, "HPA 2 to 6")
    check(hpa["spec"]["metrics"][0]["resource"]["target"]["averageUtilization"] == 70, "HPA CPU 70 %")
    pdb = one(objects, "PodDisruptionBudget")
    check(pdb["spec"].get("maxUnavailable") == 1 and "minAvailable" not in pdb["spec"], "PDB maxUnavailable 1")
    check(pod["topologySpreadConstraints"][0].get("labelSelector"), "spread constraint gets the pod selector")


def case_ingress_tls(objects):
    _, pod, container, env = common(objects)
    ingress = one(objects, "Ingress")
    spec = ingress.get("spec", {})
    check(spec.get("ingressClassName") == "nginx", "ingress class")
    check(spec.get("tls", [{}])[0].get("secretName") == "slipway-tls", "ingress TLS")
    backend = spec["rules"][0]["http"]["paths"][0]["backend"]["service"]
    check(backend == {"name": "slipway", "port": {"name": "http"}}, f"ingress backend {backend}")
    check(value(env, "SLIPWAY_TRUSTED_PROXIES") == "10.244.0.0/16,fd00:10:244::/56", "trusted proxies")
    check(value(env, "SLIPWAY_PUBLIC_METRICS") == "true", "public metrics")
    check(value(env, "SLIPWAY_MONITORING_MAX_BATCH_ROWS") == "200000", "env map")
    check("SLIPWAY_OIDC_CLIENT_SECRET" in env, "extraEnv")
    annotations = objects["Deployment"][0]["spec"]["template"]["metadata"]["annotations"]
    check(annotations.get("prometheus.io/path") == "/actuator/prometheus", "Prometheus annotations")
    check("requiredDuringSchedulingIgnoredDuringExecution" in pod["affinity"]["podAntiAffinity"], "hard anti-affinity")
    check(container["lifecycle"]["preStop"] == {"sleep": {"seconds": 15}}, "preStop sleep action")
    check(container["image"] == "registry.example.com/ml/slipway:0.1.0", "image")


def case_filesystem(objects):
    _, pod, container, env = common(objects)
    check("PodDisruptionBudget" not in objects and "ServiceAccount" not in objects, "PDB and ServiceAccount off")
    check(pod.get("serviceAccountName") == "slipway-runner", "existing ServiceAccount")
    check(value(env, "SLIPWAY_ARTIFACTS_URI") == "/srv/slipway-artifacts", "artifacts folder")
    check(not any(n.startswith("SLIPWAY_S3_") for n in env), "no S3 settings with a folder")
    check("SLIPWAY_TRUSTED_PROXIES" not in env, "empty trustedProxies leaves the variable unset")
    claim = [v for v in pod["volumes"] if v["name"] == "artifacts"][0]["persistentVolumeClaim"]["claimName"]
    check(claim == "slipway-artifacts", "artifacts claim")
    check("affinity" not in pod, "no anti-affinity")


CASES = {
    "defaults": case_defaults,
    "existing-secrets": case_existing_secrets,
    "existing-secret-username-value": case_existing_secret_username_value,
    "hpa": case_hpa,
    "ingress-tls": case_ingress_tls,
    "filesystem": case_filesystem,
}

if __name__ == "__main__":
    args = sys.argv[1:]
    if not args or len(args) % 2:
        sys.exit("usage: check-rendered.py CASE MANIFESTS.yaml [CASE MANIFESTS.yaml ...]")
    failed = False
    for case, path in zip(args[::2], args[1::2]):
        failures.clear()
        CASES[case](load(path))
        for failure in failures:
            print(f"FAIL {case} ({path}): {failure}")
        failed = failed or bool(failures)
    sys.exit(1 if failed else 0)
