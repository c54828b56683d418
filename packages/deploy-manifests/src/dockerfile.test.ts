import { describe, expect, it } from "vitest";
import { appServesPath, portalUsesStandaloneOutput } from "./app-source";
import { argDefaults, effective, execForm, parseDockerfile } from "./dockerfile";
import { loadYaml, readText, rootPackageJson } from "./repo";

const dockerfile = parseDockerfile("docker/Dockerfile");
const APP_TARGETS = ["portal", "worker", "ingress", "simulator"] as const;
const TSX_APPS = ["worker", "ingress", "simulator"] as const;

interface TLockfile {
  importers: Record<string, { devDependencies?: Record<string, { version: string }> }>;
}

describe("docker/Dockerfile", () => {
  it("has a target per image", () => {
    const names = dockerfile.stages.map((stage) => stage.name);
    for (const target of [...APP_TARGETS, "tools"]) expect(names).toContain(target);
  });

  it.each([...APP_TARGETS, "tools"])("%s runs as a numeric non-root user under tini", (target) => {
    const user = effective(dockerfile, target, "USER");
    expect(user, "USER").toMatch(/^[1-9]\d*(:\d+)?$/);
    expect(execForm(effective(dockerfile, target, "ENTRYPOINT"))).toEqual(["/usr/bin/tini", "--"]);
  });

  it.each(APP_TARGETS)("%s checks its own health on a route the app serves, on the port it exposes", (target) => {
    const healthcheck = effective(dockerfile, target, "HEALTHCHECK");
    const [, portVariable, fallback, route] = /process\.env\.([A-Z_]+)\|\|(\d+)\)\+'([^']+)'/.exec(healthcheck ?? "") ?? [];
    expect(route, `HEALTHCHECK of ${target}`).toBeDefined();
    expect(appServesPath(target, route!)).toBe(true);
    expect(effective(dockerfile, target, "EXPOSE")?.split(/\s+/)[0]).toBe(fallback);
    expect(effective(dockerfile, target, "ENV")).toBeDefined();
    expect(dockerfile.stages.find((s) => s.name === target)!.instructions.some((i) => i.keyword === "ENV" && i.args.includes(`${portVariable}=${fallback}`))).toBe(true);
  });

  it("installs the pnpm of package.json's packageManager (pnpm would otherwise fetch its own)", () => {
    expect(`pnpm@${argDefaults(dockerfile, "tools").PNPM_VERSION}`).toBe(rootPackageJson().packageManager);
  });

  it.each(TSX_APPS)("runs %s's start entry through the lockfile's tsx, in-process", (app) => {
    const lock = loadYaml<TLockfile>("pnpm-lock.yaml");
    const locked = lock.importers[`apps/${app}`]!.devDependencies!.tsx!.version;
    expect(argDefaults(dockerfile, app).TSX_VERSION).toBe(locked);
    const start = (JSON.parse(readText(`apps/${app}/package.json`)) as { scripts: { start: string } }).scripts.start;
    const entry = /^tsx (\S+)$/.exec(start)?.[1];
    expect(entry, `apps/${app} start script`).toBeDefined();
    expect(effective(dockerfile, app, "WORKDIR")).toBe(`/app/apps/${app}`);
    expect(execForm(effective(dockerfile, app, "CMD"))).toEqual(["node", "--import", "/opt/tsx/node_modules/tsx/dist/loader.mjs", entry]);
  });

  it("serves the portal with next start, which fits a next.config without standalone output", () => {
    expect(portalUsesStandaloneOutput(), "standalone output: ship .next/standalone and run its server.js instead").toBe(false);
    expect(execForm(effective(dockerfile, "portal", "CMD"))?.slice(1, 3)).toEqual(["/app/apps/portal/node_modules/next/dist/bin/next", "start"]);
  });

  it("keeps host installs, builds and secrets out of the build context", () => {
    const ignored = readText("docker/Dockerfile.dockerignore").split("\n").map((line) => line.trim());
    for (const pattern of ["**/node_modules", "**/.next", ".data", "**/.env", "packages/db/src/generated"]) expect(ignored).toContain(pattern);
  });
});
