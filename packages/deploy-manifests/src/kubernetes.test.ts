import path from "node:path";
import { JOBS, queueMetricLabel } from "@storeflow/queue";
import { STEP_JOB_NAME } from "@storeflow/runs";
import { describe, expect, it } from "vitest";
import { appServesPath, queueDepthGauge, stepJobsArePrioritized } from "./app-source";
import { parseDockerfile } from "./dockerfile";
import { describe as describeObject, mebibytes, objectName, selects, type TContainer, type TObject } from "./kube";
import { allObjects, appOf, configMaps, containersOf, deployments, kustomizations, named, ofKind, ONE_OFF_DIR, oneOffs, scalersOf, minReplicas, workloads } from "./k8s-fixture";
import { isYaml, listFiles, loadYamlDocuments, readText } from "./repo";

const dockerTargets = new Set(parseDockerfile("docker/Dockerfile").stages.map((stage) => stage.name));

it("parses every YAML file under docker/", () => {
  const files = listFiles("docker", isYaml);
  expect(files.length).toBeGreaterThan(8);
  for (const file of files) expect(loadYamlDocuments(file).length, file).toBeGreaterThan(0);
});

describe("kustomizations", () => {
  it("list every manifest under docker/k8s exactly once (one-offs in ops/ excepted)", () => {
    const listed = kustomizations.flatMap((k) => k.files);
    const manifests = listFiles("docker/k8s", isYaml).filter((file) => path.posix.basename(file) !== "kustomization.yaml" && !file.startsWith(`${ONE_OFF_DIR}/`));
    expect([...listed].sort()).toEqual(manifests);
    expect(new Set(listed).size).toBe(listed.length);
  });

  it("put everything in the namespace the Namespace object creates", () => {
    const namespaces = ofKind("Namespace").map(objectName);
    expect(namespaces).toEqual(["storeflow"]);
    for (const { kustomization } of kustomizations) expect(kustomization.namespace).toBe("storeflow");
    for (const object of oneOffs) expect(object.metadata.namespace, describeObject(object)).toBe("storeflow");
  });

  it("pin every storeflow image to a tag and build each from a Dockerfile target", () => {
    for (const { dir, kustomization, objects } of kustomizations) {
      const images = objects.flatMap((object) => workloads.filter((w) => w.object === object).flatMap((w) => containersOf(w.template).map((c) => c.image)));
      const overridden = new Set((kustomization.images ?? []).map((image) => image.name));
      for (const image of images) {
        const [name, tag] = image.split(":");
        expect(overridden.has(name!), `${dir}: ${image} has no images: entry`).toBe(true);
        expect(tag && tag !== "latest", image).toBeTruthy();
        expect(dockerTargets.has(name!.replace(/^storeflow\//, "")), `${image}: no Dockerfile target`).toBe(true);
      }
      for (const image of kustomization.images ?? []) expect(image.newTag && image.newTag !== "latest", `${dir}: ${image.name}`).toBeTruthy();
    }
  });

  it("one-off manifests use generateName, so each `kubectl create` is a new Job", () => {
    for (const object of oneOffs) expect(object.metadata.generateName, describeObject(object)).toMatch(/-$/);
  });
});

describe.each(workloads.map((w) => [describeObject(w.object), w] as const))("pods of %s", (_label, { template }) => {
  const spec = template.spec;

  it("run as a non-root user with the runtime's seccomp profile and no service account token", () => {
    expect(spec.securityContext?.runAsNonRoot).toBe(true);
    expect(spec.securityContext?.runAsUser).toBeGreaterThan(0);
    expect(spec.securityContext?.seccompProfile?.type).toBe("RuntimeDefault");
    expect(spec.serviceAccountName).toBe("storeflow");
    expect(spec.automountServiceAccountToken).toBe(false);
  });

  it.each(containersOf(template).map((c) => [c.name, c] as const))("container %s cannot gain privileges and writes only to its volumes", (_name, container) => {
    expect(container.securityContext?.allowPrivilegeEscalation).toBe(false);
    expect(container.securityContext?.capabilities?.drop).toEqual(["ALL"]);
    expect(container.securityContext?.readOnlyRootFilesystem).toBe(true);
    const volumes = new Set((spec.volumes ?? []).map((v) => v.name));
    expect(container.volumeMounts?.map((m) => m.mountPath)).toContain("/tmp");
    for (const mount of container.volumeMounts ?? []) expect(volumes.has(mount.name), mount.name).toBe(true);
  });

  it.each(containersOf(template).map((c) => [c.name, c] as const))("container %s has requests and limits, and a V8 heap below its memory limit", (_name, container) => {
    const { requests, limits } = container.resources ?? {};
    expect(requests?.cpu && requests.memory && limits?.cpu && limits.memory, "cpu and memory, requested and limited").toBeTruthy();
    expect(mebibytes(limits!.memory!)).toBeGreaterThanOrEqual(mebibytes(requests!.memory!));
    const heap = container.env?.find((e) => e.name === "NODE_OPTIONS")?.value?.match(/--max-old-space-size=(\d+)/)?.[1];
    if (heap) expect(Number(heap)).toBeLessThanOrEqual(mebibytes(limits!.memory!) * 0.8);
  });
});

const probeNames = ["startupProbe", "readinessProbe", "livenessProbe"] as const;

describe.each(deployments.map((d) => [describeObject(d.object), d] as const))("%s", (_label, { object, template }) => {
  const containers = template.spec.containers;

  it.each(containers.map((c) => [c.name, c] as const))("container %s has startup, readiness and liveness probes on routes its app serves", (_name, container) => {
    const app = appOf(container);
    if (app === "tools") throw new Error("a tools image does not run as a Deployment");
    const portNames = new Set((container.ports ?? []).map((p) => p.name));
    for (const probe of probeNames) {
      const httpGet = container[probe]?.httpGet;
      expect(httpGet, probe).toBeDefined();
      expect(portNames.has(String(httpGet!.port)), `${probe} port ${httpGet!.port}`).toBe(true);
      expect(appServesPath(app, httpGet!.path), `${app} serves ${httpGet!.path}`).toBe(true);
    }
    // Liveness must not depend on PostgreSQL or Redis: an outage would restart every pod.
    expect(container.livenessProbe!.httpGet!.path).not.toBe(container.readinessProbe!.httpGet!.path);
  });

  it("is scaled by one autoscaler with at least two replicas, and sets no replicas itself", () => {
    const scalers = scalersOf(object);
    expect(scalers.map(describeObject)).toHaveLength(1);
    expect(minReplicas(scalers[0]!)).toBeGreaterThanOrEqual(2);
    expect((object.spec as { replicas?: number }).replicas).toBeUndefined();
    if (scalers[0]!.kind === "HorizontalPodAutoscaler") for (const c of containers) expect(c.resources?.requests?.cpu).toBeDefined();
  });

  it("has a PodDisruptionBudget that selects its pods and lets one go at a time", () => {
    const budgets = ofKind("PodDisruptionBudget").filter((pdb) => selects((pdb.spec as { selector: { matchLabels: Record<string, string> } }).selector.matchLabels, template.metadata.labels));
    expect(budgets.map(describeObject)).toHaveLength(1);
    const { maxUnavailable, minAvailable } = budgets[0]!.spec as { maxUnavailable?: number; minAvailable?: number };
    const floor = minReplicas(scalersOf(object)[0]!);
    if (maxUnavailable !== undefined) expect(maxUnavailable).toBeLessThan(floor);
    else expect(minAvailable).toBeLessThan(floor);
  });

  it("selects its own template's labels", () => {
    const { matchLabels } = (object.spec as { selector: { matchLabels: Record<string, string> } }).selector;
    expect(selects(matchLabels, template.metadata.labels)).toBe(true);
  });
});

describe("selectors", () => {
  const podLabels = deployments.map((d) => d.template.metadata.labels);

  it("every PodDisruptionBudget and Service selects exactly one Deployment's pods", () => {
    for (const object of [...ofKind("PodDisruptionBudget"), ...ofKind("Service")]) {
      const spec = object.spec as { selector: Record<string, string> | { matchLabels: Record<string, string> } };
      const matchLabels = "matchLabels" in spec.selector ? (spec.selector.matchLabels as Record<string, string>) : (spec.selector as Record<string, string>);
      expect(podLabels.filter((labels) => selects(matchLabels, labels)), describeObject(object)).toHaveLength(1);
    }
  });

  it("every Service targets a named port of the containers it selects", () => {
    for (const service of ofKind("Service")) {
      const spec = service.spec as { selector: Record<string, string>; ports: { targetPort: string | number }[] };
      const deployment = deployments.find((d) => selects(spec.selector, d.template.metadata.labels))!;
      const names = new Set(deployment.template.spec.containers.flatMap((c) => (c.ports ?? []).map((p) => p.name)));
      for (const port of spec.ports) expect(names.has(String(port.targetPort)), `${describeObject(service)} → ${port.targetPort}`).toBe(true);
    }
  });

  it("every autoscaler and the HTTP routing name objects that exist", () => {
    for (const hpa of ofKind("HorizontalPodAutoscaler")) expect(named("Deployment", (hpa.spec as { scaleTargetRef: { name: string } }).scaleTargetRef.name), describeObject(hpa)).toBeDefined();
    for (const scaled of ofKind("ScaledObject")) expect(named("Deployment", (scaled.spec as { scaleTargetRef: { name: string } }).scaleTargetRef.name), describeObject(scaled)).toBeDefined();
    for (const ingress of ofKind("Ingress")) {
      const backends = JSON.stringify(ingress.spec).matchAll(/"service":\{"name":"([^"]+)"/g);
      for (const [, name] of backends) expect(named("Service", name!), `${describeObject(ingress)} → ${name}`).toBeDefined();
    }
  });

  it("routes /api/hooks to the webhook ingress", () => {
    const paths = (named("Ingress", "storeflow")!.spec as { rules: { http: { paths: { path: string; backend: { service: { name: string } } }[] } }[] }).rules[0]!.http.paths;
    expect(paths.find((p) => p.path === "/api/hooks")?.backend.service.name).toBe("storeflow-ingress");
    expect(readText("apps/ingress/src/webhook-server.ts")).toContain(String.raw`HOOK_PATH = /^\/api\/hooks\/`);
  });
});

describe("the ServiceMonitors", () => {
  const monitors = ofKind("ServiceMonitor");
  type TEndpoint = { port: string; path: string; authorization?: { credentials: { name: string; key: string } } };
  const scrapes = monitors.map((monitor) => {
    const spec = monitor.spec as { selector: { matchLabels: Record<string, string> }; endpoints: TEndpoint[] };
    return { monitor, services: ofKind("Service").filter((s) => selects(spec.selector.matchLabels, s.metadata.labels ?? {})), endpoints: spec.endpoints };
  });

  it("scrape /metrics on a named port of exactly one Service, for each of portal, worker and ingress", () => {
    expect(monitors.map(objectName).sort()).toEqual(["storeflow-ingress", "storeflow-portal", "storeflow-worker"]);
    for (const { monitor, services, endpoints } of scrapes) {
      expect(services, describeObject(monitor)).toHaveLength(1);
      const ports = new Set((services[0]!.spec as { ports: { name: string }[] }).ports.map((p) => p.name));
      for (const endpoint of endpoints) {
        expect(ports.has(endpoint.port), `${describeObject(monitor)} → ${endpoint.port}`).toBe(true);
        expect(endpoint.path).toBe("/metrics");
      }
    }
  });

  it("send the portal the METRICS_TOKEN its Deployment reads from the same Secret key", () => {
    const portal = scrapes.find((s) => objectName(s.monitor) === "storeflow-portal")!;
    const credentials = portal.endpoints[0]!.authorization?.credentials;
    const container = named("Deployment", "storeflow-portal")!;
    const tokenRef = (containersOf(deployments.find((d) => d.object === container)!.template)[0]!.env ?? []).find((e) => e.name === "METRICS_TOKEN");
    expect(credentials).toEqual({ name: "storeflow-secrets", key: "METRICS_TOKEN" });
    expect(tokenRef?.valueFrom?.secretKeyRef?.key).toBe(credentials?.key);
    expect(readText("apps/portal/src/env.ts")).toContain("METRICS_TOKEN");
  });
});

describe("the worker's ScaledObject", () => {
  const scaled = named("ScaledObject", "storeflow-worker")!;
  const triggers = (scaled.spec as { triggers: { type: string; metadata: Record<string, string> }[] }).triggers;
  const worker = named("Deployment", "storeflow-worker")!;
  const workerContainer = (worker.spec as { template: { spec: { containers: TContainer[] } } }).template.spec.containers[0]!;
  const gauge = queueDepthGauge();

  it("counts the step backlog where BullMQ keeps it: the prioritized set and the wait list", () => {
    expect(stepJobsArePrioritized()).toBe(true);
    const states = triggers.map((trigger) => {
      expect(trigger.type).toBe("metrics-api");
      expect(trigger.metadata.format).toBe("prometheus");
      const match = /^([a-z_]+)\{queue="([a-z]+)",state="([a-z]+)"\}$/.exec(trigger.metadata.valueLocation!);
      expect(match?.[1], trigger.metadata.valueLocation).toBe(gauge.name);
      // The step queue's series: the gauge has one per queue the fleet knows.
      expect(match![2]).toBe(queueMetricLabel(JOBS[STEP_JOB_NAME].queue));
      expect(gauge.states).toContain(match![3]);
      expect(Number(trigger.metadata.targetValue)).toBeGreaterThan(0);
      return match![3];
    });
    expect(states.sort()).toEqual(["prioritized", "waiting"]);
  });

  it("does not scale on the step queue's wait list alone (it stays empty: step jobs carry priorities)", () => {
    const waitList = `${configMaps.get("storeflow-config")!.QUEUE_PREFIX as string}:${JOBS[STEP_JOB_NAME].queue}:wait`;
    expect(triggers.filter((t) => t.type.startsWith("redis") && t.metadata.listName === waitList)).toEqual([]);
  });

  it("reads the metrics through a Service on the worker's health port", () => {
    const port = workerContainer.ports!.find((p) => p.name === "health")!.containerPort;
    expect(workerContainer.env?.find((e) => e.name === "WORKER_PORT")?.value).toBe(String(port));
    expect(appServesPath("worker", "/metrics")).toBe(true);
    for (const trigger of triggers) {
      const url = new URL(trigger.metadata.url!);
      const [serviceName, namespace] = url.hostname.split(".");
      expect(namespace).toBe("storeflow");
      const service = named("Service", serviceName!) as TObject;
      const servicePort = (service.spec as { ports: { port: number; targetPort: string }[] }).ports.find((p) => p.port === Number(url.port));
      expect(servicePort?.targetPort).toBe("health");
      expect(url.pathname).toBe("/metrics");
    }
  });

  it("keeps a floor of two workers (they also fire schedules and relay webhooks) and falls back when blind", () => {
    const spec = scaled.spec as { minReplicaCount: number; maxReplicaCount: number; fallback?: { replicas: number } };
    expect(spec.minReplicaCount).toBeGreaterThanOrEqual(2);
    expect(spec.maxReplicaCount).toBeGreaterThan(spec.minReplicaCount);
    expect(spec.fallback?.replicas).toBeGreaterThanOrEqual(spec.minReplicaCount);
  });
});

it("has every kind of object the deployment needs", () => {
  const kinds = new Set(allObjects.map((object) => object.kind));
  for (const kind of ["Namespace", "ConfigMap", "ServiceAccount", "Deployment", "Service", "HorizontalPodAutoscaler", "ScaledObject", "PodDisruptionBudget", "Job", "Ingress"]) expect(kinds.has(kind), kind).toBe(true);
  expect(ofKind("Secret"), "secrets are the operator's; none is committed").toEqual([]);
});
