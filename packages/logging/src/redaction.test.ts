import { canarySecret, SECRET_CANARY } from "@storeflow/connectors/test";
import { describe, expect, it } from "vitest";
import { jobLogger } from "./children";
import { createLogger } from "./logger";
import { censorSecrets, REDACTED, REDACTED_KEYS } from "./redaction";

/** A logger writing into an array, one parsed line per entry, and the raw text. */
function capture() {
  const lines: string[] = [];
  const logger = createLogger({ service: "storeflow-test", env: { LOG_LEVEL: "trace", STOREFLOW_VERSION: "1.2.3" }, destination: { write: (line: string) => void lines.push(line) } });
  return { logger, text: () => lines.join(""), records: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

/** { level1: { level2: { [key]: value } } } with `depth` objects around the key. */
function nestedAt(depth: number, key: string, value: string): Record<string, unknown> {
  let object: Record<string, unknown> = { [key]: value, keptAlongside: "visible" };
  for (let level = depth; level >= 1; level--) object = { [`level${level}`]: object };
  return object;
}

const DEPTHS = [0, 1, 2, 3, 5];

describe("log redaction", () => {
  it("censors the canary secret under every redacted key at every depth, and keeps the fields beside it", () => {
    const { logger, text, records } = capture();
    for (const key of REDACTED_KEYS) for (const depth of DEPTHS) logger.info(nestedAt(depth, key, canarySecret(key)), `${key} at depth ${depth}`);
    for (const key of REDACTED_KEYS) logger.info({ items: [{ id: 1 }, { [key]: canarySecret(key) }] }, `${key} in an array`);
    const lines = REDACTED_KEYS.size * (DEPTHS.length + 1);
    expect(records()).toHaveLength(lines);
    expect(text()).not.toContain(SECRET_CANARY);
    expect(text().split(`"keptAlongside":"visible"`)).toHaveLength(REDACTED_KEYS.size * DEPTHS.length + 1);
    expect(records()[0]).toMatchObject({ password: REDACTED, keptAlongside: "visible" });
  });

  it("leaves an object without secrets as it is, without copying it", () => {
    const object = { runId: "r1", nested: { list: [1, { ok: true }] } };
    expect(censorSecrets(object)).toBe(object);
  });

  it("censors the shapes the apps log: request headers, connection secrets, OAuth answers, child bindings", () => {
    const { logger, text, records } = capture();
    logger.info({ req: { method: "POST", headers: { authorization: `Bearer ${canarySecret("bearer")}`, cookie: `session=${canarySecret("cookie")}`, "x-api-key": canarySecret("header"), "set-cookie": canarySecret("set") } } }, "request");
    logger.warn({ connection: { id: "c1", connectorKey: "shopify", secrets: { apiKey: canarySecret("api"), webhookSecret: canarySecret("hook") } } }, "connection");
    logger.error({ response: { status: 400, body: { access_token: canarySecret("access"), refresh_token: canarySecret("refresh") } } }, "oauth");
    logger.info({ env: { SECRETS_KEK: `k1:${canarySecret("kek")}`, SMTP_URL: `smtps://u:${canarySecret("smtp")}@mail` } }, "config");
    logger.child({ token: canarySecret("binding"), jobId: "j1" }).info({ password: canarySecret("password") }, "child");
    jobLogger(logger, { queue: "{runs}", jobId: "j2", ...({ connection: { secrets: { apiKey: canarySecret("job") } } } as object) }).info("job");
    expect(text()).not.toContain(SECRET_CANARY);
    const [request, connection, , , child, job] = records();
    expect(request).toMatchObject({ msg: "request", req: { method: "POST", headers: { authorization: REDACTED, cookie: REDACTED } } });
    expect(connection).toMatchObject({ level: "warn", connection: { id: "c1", connectorKey: "shopify", secrets: REDACTED } });
    expect(child).toMatchObject({ jobId: "j1", token: REDACTED, password: REDACTED });
    expect(job).toMatchObject({ queue: "{runs}", jobId: "j2", connection: { secrets: REDACTED } });
  });

  it("writes one JSON object per line naming the service, version and level", () => {
    const { logger, records } = capture();
    logger.info({ runId: "r1" }, "ran");
    expect(records()[0]).toMatchObject({ level: "info", service: "storeflow-test", version: "1.2.3", pid: process.pid, runId: "r1", msg: "ran" });
    expect(new Date(records()[0]!.time as string).toISOString()).toBe(records()[0]!.time);
  });

  it("drops lines below LOG_LEVEL", () => {
    const lines: string[] = [];
    const logger = createLogger({ service: "s", env: { LOG_LEVEL: "warn" }, destination: { write: (line: string) => void lines.push(line) } });
    logger.info("dropped");
    logger.warn("kept");
    expect(lines.map((line) => (JSON.parse(line) as { msg: string }).msg)).toEqual(["kept"]);
  });
});
