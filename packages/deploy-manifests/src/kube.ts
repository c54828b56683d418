import path from "node:path";
import { loadYaml, loadYamlDocuments } from "./repo";

/** The fields of Kubernetes objects these checks read; everything else stays `unknown`. */
export interface TObject {
  apiVersion: string;
  kind: string;
  metadata: { name?: string; generateName?: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: Record<string, unknown>;
  data?: Record<string, unknown>;
  /** Repository-relative file the object came from. */
  file: string;
}

export interface TKustomization {
  namespace?: string;
  resources?: string[];
  images?: { name: string; newName?: string; newTag?: string }[];
}

export interface TEnvVar {
  name: string;
  value?: string;
  valueFrom?: { secretKeyRef?: { name: string; key: string; optional?: boolean }; configMapKeyRef?: { name: string; key: string } };
}

export interface TProbe {
  httpGet?: { path: string; port: string | number };
  periodSeconds?: number;
  timeoutSeconds?: number;
  failureThreshold?: number;
}

export interface TContainer {
  name: string;
  image: string;
  command?: string[];
  ports?: { name?: string; containerPort: number }[];
  env?: TEnvVar[];
  envFrom?: { configMapRef?: { name: string }; secretRef?: { name: string } }[];
  startupProbe?: TProbe;
  readinessProbe?: TProbe;
  livenessProbe?: TProbe;
  lifecycle?: { preStop?: { exec?: { command: string[] }; sleep?: { seconds: number } } };
  resources?: { requests?: { cpu?: string; memory?: string }; limits?: { cpu?: string; memory?: string } };
  securityContext?: { allowPrivilegeEscalation?: boolean; readOnlyRootFilesystem?: boolean; runAsNonRoot?: boolean; capabilities?: { drop?: string[] } };
  volumeMounts?: { name: string; mountPath: string }[];
}

export interface TPodSpec {
  containers: TContainer[];
  initContainers?: TContainer[];
  terminationGracePeriodSeconds?: number;
  serviceAccountName?: string;
  automountServiceAccountToken?: boolean;
  securityContext?: { runAsNonRoot?: boolean; runAsUser?: number; runAsGroup?: number; seccompProfile?: { type: string } };
  volumes?: { name: string }[];
}

export interface TPodTemplate {
  metadata: { labels: Record<string, string>; annotations?: Record<string, string> };
  spec: TPodSpec;
}

/** The objects a kustomization's resources hold (files and nested kustomization directories). */
export function loadKustomization(dir: string): { kustomization: TKustomization; objects: TObject[]; files: string[] } {
  const kustomization = loadYaml<TKustomization>(path.posix.join(dir, "kustomization.yaml"));
  const objects: TObject[] = [];
  const files: string[] = [];
  for (const resource of kustomization.resources ?? []) {
    const file = path.posix.join(dir, resource);
    if (!/\.ya?ml$/.test(resource)) {
      const nested = loadKustomization(file);
      objects.push(...nested.objects);
      files.push(...nested.files);
      continue;
    }
    files.push(file);
    objects.push(...loadObjects(file));
  }
  return { kustomization, objects, files };
}

export function loadObjects(file: string): TObject[] {
  return loadYamlDocuments(file).map((doc) => ({ ...(doc as Omit<TObject, "file">), file }));
}

export const objectName = (object: TObject) => object.metadata.name ?? object.metadata.generateName ?? "?";
export const describe = (object: TObject) => `${object.kind}/${objectName(object)} (${object.file})`;

/** The pod template of a Deployment or a Job. */
export function podTemplate(object: TObject): TPodTemplate | undefined {
  if (object.kind !== "Deployment" && object.kind !== "Job") return undefined;
  return (object.spec as { template: TPodTemplate }).template;
}

/** Whether a label selector's matchLabels select a set of labels. */
export function selects(matchLabels: Record<string, string>, labels: Record<string, string>): boolean {
  return Object.entries(matchLabels).every(([key, value]) => labels[key] === value);
}

/** Kubernetes memory quantity in MiB (Mi, Gi, M, G or bytes). */
export function mebibytes(quantity: string): number {
  const match = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|K|M|G)?$/.exec(quantity);
  if (!match) throw new Error(`unsupported memory quantity ${quantity}`);
  const factor = { Ki: 1 / 1024, Mi: 1, Gi: 1024, K: 1000 / 1048576, M: 1e6 / 1048576, G: 1e9 / 1048576 }[match[2] ?? ""] ?? 1 / 1048576;
  return Number(match[1]) * factor;
}

/** Kubernetes CPU quantity in millicores. */
export function millicores(quantity: string): number {
  return quantity.endsWith("m") ? Number(quantity.slice(0, -1)) : Number(quantity) * 1000;
}

/**
 * A container's environment as the kubelet builds it: ConfigMap keys from envFrom, then
 * `env` entries (which win). Secret references are returned apart, with their keys.
 */
export function containerEnv(container: TContainer, configMaps: ReadonlyMap<string, Record<string, unknown>>) {
  const values: Record<string, string> = {};
  const secretRefs: { variable: string; secret: string; key: string; optional: boolean }[] = [];
  for (const source of container.envFrom ?? []) {
    if (source.secretRef) throw new Error(`${container.name}: envFrom.secretRef hides which keys a container gets; use env[].valueFrom.secretKeyRef`);
    const data = configMaps.get(source.configMapRef!.name);
    if (!data) throw new Error(`${container.name}: envFrom names ConfigMap ${source.configMapRef!.name}, which is not in the kustomization`);
    for (const [key, value] of Object.entries(data)) values[key] = String(value);
  }
  for (const variable of container.env ?? []) {
    const secret = variable.valueFrom?.secretKeyRef;
    if (secret) secretRefs.push({ variable: variable.name, secret: secret.name, key: secret.key, optional: secret.optional === true });
    else if (variable.value !== undefined) values[variable.name] = variable.value;
    else throw new Error(`${container.name}: env ${variable.name} has neither a value nor a secretKeyRef`);
  }
  return { values, secretRefs };
}
