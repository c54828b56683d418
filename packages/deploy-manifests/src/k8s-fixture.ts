import { type TAppName } from "./app-env";
import { loadKustomization, loadObjects, objectName, podTemplate, type TContainer, type TObject, type TPodTemplate } from "./kube";
import { isYaml, listFiles } from "./repo";

/** The kustomizations operators apply, and the one-off manifests they `kubectl create`. */
export const KUSTOMIZATIONS = ["docker/k8s", "docker/k8s/migrate", "docker/k8s/monitoring"] as const;
export const ONE_OFF_DIR = "docker/k8s/ops";

export const kustomizations = KUSTOMIZATIONS.map((dir) => ({ dir, ...loadKustomization(dir) }));
export const oneOffs = listFiles(ONE_OFF_DIR, isYaml).flatMap(loadObjects);
export const allObjects: TObject[] = [...kustomizations.flatMap((k) => k.objects), ...oneOffs];

export const ofKind = (kind: string) => allObjects.filter((object) => object.kind === kind);
export const named = (kind: string, name: string) => ofKind(kind).find((object) => objectName(object) === name);

export const configMaps = new Map(ofKind("ConfigMap").map((object) => [objectName(object), object.data ?? {}]));

/** Every pod-running object with its template. */
export const workloads = allObjects.flatMap((object) => {
  const template = podTemplate(object);
  return template ? [{ object, template }] : [];
});

export const deployments = workloads.filter((w) => w.object.kind === "Deployment");
export const jobs = workloads.filter((w) => w.object.kind === "Job");

/** Which app a long-running container runs: the image's Dockerfile target. */
export function appOf(container: TContainer): TAppName | "tools" {
  const target = /^(?:.*\/)?storeflow\/([a-z-]+):/.exec(container.image)?.[1] ?? /^(?:.*\/)?([a-z-]+):/.exec(container.image)?.[1];
  if (target === "portal" || target === "worker" || target === "ingress" || target === "simulator" || target === "tools") return target;
  throw new Error(`${container.name}: image ${container.image} is not one of the storeflow/<target> images`);
}

/** The pnpm script a tools container runs (`pnpm <script>`). */
export function toolsScript(container: TContainer): string {
  const [pnpm, script, ...rest] = container.command ?? [];
  if (pnpm !== "pnpm" || !script || rest.length) throw new Error(`${container.name}: a tools container runs one root script, ["pnpm", "<script>"]`);
  return script;
}

export function containersOf(template: TPodTemplate): TContainer[] {
  return [...(template.spec.initContainers ?? []), ...template.spec.containers];
}

/** The HPA or ScaledObject that scales a Deployment. */
export function scalersOf(deployment: TObject): TObject[] {
  const name = objectName(deployment);
  return allObjects.filter(
    (object) =>
      (object.kind === "HorizontalPodAutoscaler" && (object.spec as { scaleTargetRef: { kind: string; name: string } }).scaleTargetRef.name === name) ||
      (object.kind === "ScaledObject" && (object.spec as { scaleTargetRef: { kind?: string; name: string } }).scaleTargetRef.name === name),
  );
}

export function minReplicas(scaler: TObject): number {
  const spec = scaler.spec as { minReplicas?: number; minReplicaCount?: number };
  return scaler.kind === "HorizontalPodAutoscaler" ? (spec.minReplicas ?? 1) : (spec.minReplicaCount ?? 0);
}
