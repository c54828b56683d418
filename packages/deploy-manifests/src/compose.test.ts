import { describe, expect, it } from "vitest";
import { checkEnv, loadAppReaders, requiredVariables, toolsScriptEnv } from "./app-env";
import { workerHardStopMarginMs } from "./app-source";
import { durationSeconds, interpolate, interpolatedVariables, loadCompose, parseEnvFile, serviceEnv, type TComposeService } from "./compose";
import { parseDockerfile } from "./dockerfile";
import { loadYaml, readText } from "./repo";
import { SAMPLE_SECRETS } from "./sample-secrets";

const STACK = "docker/compose.stack.yml";
const EXAMPLE = "docker/stack.env.example";

const example = parseEnvFile(EXAMPLE);
/** The example's values, with samples for the secrets it leaves for the operator to fill in. */
const variables = Object.fromEntries(example.map((entry) => [entry.key, entry.value === "" && SAMPLE_SECRETS[entry.key] ? SAMPLE_SECRETS[entry.key]! : entry.value]));
const stack = loadCompose(STACK, variables);
const services = stack.services;
const APP_SERVICES = ["portal", "worker", "ingress"] as const;
const dockerTargets = new Set(parseDockerfile("docker/Dockerfile").stages.map((stage) => stage.name));

describe("docker/stack.env.example", () => {
  it("documents every variable compose.stack.yml substitutes, and nothing else", () => {
    expect(example.map((entry) => entry.key).sort()).toEqual(interpolatedVariables(readText(STACK)));
    for (const entry of example) expect(entry.comment.join(" ").length, `${entry.key} has a comment above it`).toBeGreaterThan(10);
  });

  it("leaves the secrets empty, and compose refuses to start without them", () => {
    const secrets = ["POSTGRES_PASSWORD", "APP_DB_PASSWORD", "AUTH_SECRET", "SECRETS_KEK"];
    for (const key of secrets) expect(example.find((entry) => entry.key === key)?.value, key).toBe("");
    const asShipped = Object.fromEntries(example.map((entry) => [entry.key, entry.value]));
    expect(() => interpolate(readText(STACK), asShipped)).toThrow(/POSTGRES_PASSWORD/);
  });
});

describe("docker/compose.stack.yml", () => {
  it("runs Redis with noeviction and an append-only file", () => {
    const command = services.redis!.command!.join(" ");
    expect(command).toMatch(/--maxmemory-policy noeviction/);
    expect(command).toMatch(/--appendonly yes/);
  });

  it("builds each app from its Dockerfile target", () => {
    for (const [name, service] of Object.entries(services)) {
      if (!service.build) continue;
      expect(service.build.dockerfile, name).toBe("docker/Dockerfile");
      expect(dockerTargets.has(service.build.target!), `${name}: target ${service.build.target}`).toBe(true);
      expect(service.image, name).toMatch(new RegExp(`^storeflow/${service.build.target}:`));
    }
  });

  it("starts the apps after PostgreSQL and Redis are healthy and the migration has finished", () => {
    for (const name of APP_SERVICES) {
      expect(services[name]!.depends_on, name).toEqual({
        postgres: { condition: "service_healthy" },
        redis: { condition: "service_healthy" },
        migrate: { condition: "service_completed_successfully" },
      });
    }
    expect(services.migrate!.command).toEqual(["pnpm", "db:setup"]);
    expect(services.migrate!.restart).toBe("no");
  });

  it("gives every long-running service a healthcheck, and the apps read-only root filesystems", () => {
    for (const [name, service] of Object.entries(services)) {
      if (name === "migrate") continue;
      expect(service.healthcheck?.test.length, name).toBeGreaterThan(1);
    }
    for (const name of [...APP_SERVICES, "migrate", "simulator"]) {
      const service = services[name]!;
      expect(service.read_only, name).toBe(true);
      expect(service.tmpfs?.some((mount) => mount.split(":")[0] === "/tmp"), name).toBe(true);
      expect(service.cap_drop, name).toEqual(["ALL"]);
    }
  });

  it("puts the simulator behind a profile", () => {
    expect(services.simulator!.profiles).toEqual(["simulator"]);
  });

  it.each(APP_SERVICES)("gives %s every variable its env schemas require, with values they accept", async (name) => {
    const readers = await loadAppReaders(name);
    const env = serviceEnv(services[name]!);
    expect(requiredVariables(readers).filter((variable) => !(variable in env))).toEqual([]);
    expect(checkEnv(readers, env).problems).toEqual([]);
    // The first load imports the app's whole env module graph (the portal's pulls in billing and Stripe).
  }, 30_000);

  it("gives the migration what scripts/db-setup.ts reads", async () => {
    const { variables: needed } = await toolsScriptEnv("db:setup");
    const env = serviceEnv(services.migrate!);
    expect(needed.filter((variable) => !env[variable])).toEqual([]);
  });

  it("lets the worker drain before Docker kills it", async () => {
    const worker = services.worker!;
    const { values } = checkEnv(await loadAppReaders("worker"), serviceEnv(worker));
    const grace = values.SHUTDOWN_GRACE_S as number;
    expect(durationSeconds(worker.stop_grace_period!)).toBeGreaterThanOrEqual(grace + workerHardStopMarginMs() / 1000 + 5);
  });

  it("uses the same password in APP_DATABASE_URL as the migration sets for storeflow_app", () => {
    const migrate = serviceEnv(services.migrate!);
    for (const service of [...APP_SERVICES.map((name) => services[name]!), services.migrate!] as TComposeService[]) {
      expect(new URL(serviceEnv(service).APP_DATABASE_URL!).password).toBe(migrate.APP_DB_PASSWORD);
    }
  });
});

describe("docker/compose.yml (services only, for scripts/run.sh)", () => {
  const compose = loadYaml<{ services: Record<string, TComposeService> }>("docker/compose.yml");

  it("still offers PostgreSQL and Redis on loopback, Redis with noeviction", () => {
    expect(Object.keys(compose.services).sort()).toEqual(["postgres", "redis"]);
    expect(compose.services.postgres!.ports).toEqual(["127.0.0.1:5432:5432"]);
    expect(compose.services.redis!.ports).toEqual(["127.0.0.1:6379:6379"]);
    expect(compose.services.redis!.command!.join(" ")).toMatch(/--maxmemory-policy noeviction/);
  });
});
