import { type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { relayOutput, spawnChild, stopChild } from "./children";

/** Options for {@link startIngress}. */
export interface StartIngressOptions {
  root: string;
  port: number;
  /** The ingress's whole environment (see apps/ingress/src/env.ts). */
  env: NodeJS.ProcessEnv;
}

/** A running apps/ingress. */
export interface TIngress {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** Starts apps/ingress as one process on 127.0.0.1 (so its CPU is one pid's) and resolves once /healthz answers. */
export async function startIngress({ root, port, env }: StartIngressOptions): Promise<TIngress> {
  const child = spawnChild(process.execPath, ["--import", "tsx", join(root, "apps/ingress/src/main.ts")], {
    cwd: join(root, "apps/ingress"),
    env: { ...env, INGRESS_PORT: String(port), INGRESS_PROCESSES: "1", NODE_ENV: "production" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  relayOutput(child, "[ingress]");
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the ingress exited with ${child.exitCode} before /healthz answered`);
    if (Date.now() > deadline) throw new Error("the ingress's /healthz did not answer within 30 s");
    if (await fetch(`${url}/healthz`).then((r) => r.ok, () => false)) break;
    await sleep(200);
  }
  return { url, child, stop: () => stopChild(child) };
}
