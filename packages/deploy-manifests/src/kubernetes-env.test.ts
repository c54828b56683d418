import { describe, expect, it } from "vitest";
import { checkEnv, declaredVariables, loadAppReaders, requiredVariables, toolsScriptEnv, type TEnvReader } from "./app-env";
import { workerHardStopMarginMs } from "./app-source";
import { containerEnv, describe as describeObject, type TContainer } from "./kube";
import { appOf, configMaps, containersOf, deployments, jobs, named, toolsScript, workloads } from "./k8s-fixture";
import { readText } from "./repo";
import { SAMPLE_SECRETS } from "./sample-secrets";

/** Variables a container may get that no env schema declares: read by Next or Node themselves. */
const RUNTIME_VARIABLES = new Set(["NODE_OPTIONS", "PORT", "NEXT_TELEMETRY_DISABLED"]);
/** Seconds the kubelet should wait beyond the worker's own hard stop before SIGKILL. */
const KILL_MARGIN_S = 5;

interface TContainerCase {
  label: string;
  container: TContainer;
  readers: TEnvReader[];
  /** Variables the container's process fails without. */
  required: string[];
  /** Variables its code reads at all. */
  declared: Set<string>;
  /** The container's environment, with sample values standing in for the Secret's. */
  env: Record<string, string>;
  secretRefs: ReturnType<typeof containerEnv>["secretRefs"];
}

async function containerCase(label: string, container: TContainer): Promise<TContainerCase> {
  const { values, secretRefs } = containerEnv(container, configMaps);
  const env = { ...values };
  for (const ref of secretRefs) {
    const sample = SAMPLE_SECRETS[ref.key];
    if (sample === undefined) throw new Error(`${label}: no sample value for Secret key ${ref.key} in sample-secrets.ts`);
    env[ref.variable] = sample;
  }
  const app = appOf(container);
  if (app === "tools") {
    const tools = await toolsScriptEnv(toolsScript(container));
    const required = [...new Set([...tools.variables, ...requiredVariables(tools.readers)])].sort();
    const declared = new Set([...required, ...declaredVariables(tools.readers, SAMPLE_SECRETS)]);
    return { label, container, readers: tools.readers, required, declared, env, secretRefs };
  }
  const readers = await loadAppReaders(app);
  return { label, container, readers, required: requiredVariables(readers), declared: declaredVariables(readers, SAMPLE_SECRETS), env, secretRefs };
}

const cases = await Promise.all(workloads.flatMap(({ object, template }) => containersOf(template).map((c) => containerCase(`${describeObject(object)} ${c.name}`, c))));

describe.each(cases.map((c) => [c.label, c] as const))("%s", (_label, c) => {
  it("gets every variable its env schema requires, from the ConfigMap or the Secret", () => {
    const provided = new Set([...Object.keys(c.env)]);
    expect(c.required.filter((name) => !provided.has(name))).toEqual([]);
  });

  it("passes its env schemas with the manifest's values", () => {
    expect(checkEnv(c.readers, c.env).problems).toEqual([]);
  });

  it("gets from the Secret only what its code reads", () => {
    expect(c.secretRefs.map((ref) => ref.variable).filter((name) => !c.declared.has(name))).toEqual([]);
    for (const ref of c.secretRefs) expect(ref.variable, "a Secret key is named as its variable").toBe(ref.key);
  });

  it("sets no variable its code never reads", () => {
    const literals = (c.container.env ?? []).filter((e) => e.value !== undefined).map((e) => e.name);
    expect(literals.filter((name) => !c.declared.has(name) && !RUNTIME_VARIABLES.has(name))).toEqual([]);
  });

  it("has SMTP_URL when MAIL_TRANSPORT is smtp (the mailer refuses to start without it)", () => {
    const { values } = checkEnv(c.readers, c.env);
    if (values.MAIL_TRANSPORT === "smtp") expect(c.env.SMTP_URL).toBeDefined();
  });
});

describe("the ConfigMap", () => {
  const data = configMaps.get("storeflow-config")!;

  it("holds strings only (Kubernetes rejects numbers and booleans there)", () => {
    for (const [key, value] of Object.entries(data)) expect(typeof value, key).toBe("string");
  });

  it("holds only variables some app reads", () => {
    const declared = new Set([...RUNTIME_VARIABLES, ...cases.flatMap((c) => [...c.declared])]);
    expect(Object.keys(data).filter((key) => !declared.has(key))).toEqual([]);
  });

  it("holds no secret", () => {
    for (const key of Object.keys(data)) expect(SAMPLE_SECRETS[key], key).toBeUndefined();
  });
});

describe("secrets", () => {
  const refs = cases.flatMap((c) => c.secretRefs);

  it("all come from the one Secret the operator creates", () => {
    expect([...new Set(refs.map((ref) => ref.secret))]).toEqual(["storeflow-secrets"]);
  });

  it("are each documented in docs/operations.md", () => {
    const operations = readText("docs/operations.md");
    for (const key of new Set(refs.map((ref) => ref.key))) expect(operations, key).toContain(`\`${key}\``);
  });

  it("are optional only where the code has a default (SECRETS_KEK_PREVIOUS)", () => {
    for (const c of cases) for (const ref of c.secretRefs) if (ref.optional) expect(c.required, `${c.label}: ${ref.key}`).not.toContain(ref.variable);
  });
});

describe("shutdown timings", () => {
  it("give the worker longer than its drain plus its own hard stop before SIGKILL", async () => {
    const worker = cases.find((c) => c.label.startsWith("Deployment/storeflow-worker"))!;
    const { values } = checkEnv(worker.readers, worker.env);
    const grace = values.SHUTDOWN_GRACE_S as number;
    const hardStopS = workerHardStopMarginMs() / 1000;
    const { template } = deployments.find((d) => d.object === named("Deployment", "storeflow-worker"))!;
    expect(grace).toBeGreaterThan(0);
    expect(template.spec.terminationGracePeriodSeconds).toBeGreaterThanOrEqual(grace + hardStopS + KILL_MARGIN_S);
  });

  it.each(["storeflow-portal", "storeflow-ingress"])("let %s's endpoints drain (preStop sleep) inside its grace period", (name) => {
    const { template } = deployments.find((d) => d.object === named("Deployment", name))!;
    const container = template.spec.containers[0]!;
    const command = container.lifecycle?.preStop?.exec?.command;
    const sleep = container.lifecycle?.preStop?.sleep?.seconds ?? (command?.[0] === "sleep" ? Number(command[1]) : undefined);
    expect(sleep).toBeGreaterThanOrEqual(5);
    expect(template.spec.terminationGracePeriodSeconds).toBeGreaterThanOrEqual(sleep! + 10);
  });

  it("bound every Job in time", () => {
    for (const { object, template } of jobs) {
      expect((object.spec as { activeDeadlineSeconds?: number }).activeDeadlineSeconds, describeObject(object)).toBeGreaterThan(0);
      expect(template.spec.containers.every((c) => c.command?.length), describeObject(object)).toBe(true);
    }
  });
});

describe("ports", () => {
  it("match the port each app listens on", async () => {
    const portVariable = { portal: "PORT", worker: "WORKER_PORT", ingress: "INGRESS_PORT" } as const;
    for (const { object, template } of deployments) {
      const container = template.spec.containers[0]!;
      const app = appOf(container) as keyof typeof portVariable;
      const c = cases.find((x) => x.container === container)!;
      const listens = Number(checkEnv(c.readers, c.env).values[portVariable[app]] ?? c.env[portVariable[app]]);
      expect(container.ports?.map((p) => p.containerPort), describeObject(object)).toEqual([listens]);
    }
  });
});
