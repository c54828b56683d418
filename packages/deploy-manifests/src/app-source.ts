import { type TAppName } from "./app-env";
import { exists, listFiles, readText } from "./repo";

/**
 * Facts the manifests depend on, read from the apps' and packages' source, so that a change
 * there (a renamed route, a longer shutdown, a renamed metric) fails these tests instead of
 * a rollout.
 */

const sourceFiles = (dir: string) => listFiles(dir, (file) => /\.tsx?$/.test(file) && !/\.test\.tsx?$/.test(file));

/** Whether an app answers GET `urlPath`: a Next route file in the portal, a path literal elsewhere. */
export function appServesPath(app: TAppName, urlPath: string): boolean {
  if (app === "portal") return exists(`apps/portal/src/app${urlPath}/route.ts`);
  return sourceFiles(`apps/${app}/src`).some((file) => readText(file).includes(`"${urlPath}"`));
}

/**
 * The worker's last resort on SIGTERM (apps/worker/src/main.ts, stop()): it exits at
 * graceMs + this many milliseconds even if closing Redis or PostgreSQL hangs.
 */
export function workerHardStopMarginMs(): number {
  const match = /setTimeout\(\(\) => process\.exit\(1\), graceMs \+ ([\d_]+)\)/.exec(readText("apps/worker/src/main.ts"));
  if (!match) throw new Error("apps/worker/src/main.ts: stop() no longer exits at graceMs + <ms>; update workerHardStopMarginMs and the worker's terminationGracePeriodSeconds");
  return Number(match[1]!.replaceAll("_", ""));
}

/** The queue-depth gauge the worker exports (packages/queue/src/fleet-metrics.ts), labelled by queue (see queueMetricLabel) and state. */
export function queueDepthGauge(): { name: string; states: string[] } {
  const source = readText("packages/queue/src/fleet-metrics.ts");
  const states = /const states = \[([^\]]*)\] as const/.exec(source)?.[1];
  const name = /labelNames: \["queue", "state"\]/.test(source) ? /name: "(storeflow_queue_[a-z_]+)",\s*help: "Jobs in each queue by state\."/.exec(source)?.[1] : undefined;
  if (!states || !name) throw new Error("packages/queue/src/fleet-metrics.ts: the queue gauge by state changed; update queueDepthGauge and the worker's ScaledObject");
  return { name, states: [...states.matchAll(/"([a-z]+)"/g)].map((m) => m[1]!) };
}

/** Whether step jobs are published with a BullMQ priority (they then wait in `<prefix>:<queue>:prioritized`). */
export function stepJobsArePrioritized(): boolean {
  return /\bpriority:/.test(readText("packages/queue/src/step-publisher.ts"));
}

/** The portal's next.config: standalone output would change what the image must ship. */
export function portalUsesStandaloneOutput(): boolean {
  const file = ["ts", "mjs", "js", "cjs"].map((ext) => `apps/portal/next.config.${ext}`).find(exists);
  if (!file) throw new Error("apps/portal has no next.config");
  return /output:\s*["']standalone["']/.test(readText(file));
}
