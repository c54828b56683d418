import { createServer, type IncomingHttpHeaders } from "node:http";
import { type AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { isTracing, startTelemetry, telemetryEnv, withSpan } from "./index";

const readEnv = (source: Record<string, string>) => z.object(telemetryEnv).parse(source);
const received: { url: string; headers: IncomingHttpHeaders; body: string }[] = [];
const collector = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (chunk: Buffer) => chunks.push(chunk));
  req.on("end", () => {
    received.push({ url: req.url ?? "", headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
    res.writeHead(200, { "content-type": "application/json" }).end("{}");
  });
});
let endpoint: string;

beforeAll(async () => {
  await new Promise<void>((resolve) => collector.listen(0, "127.0.0.1", resolve));
  endpoint = `http://127.0.0.1:${(collector.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => collector.close(resolve)));

describe("startTelemetry", () => {
  it("registers nothing without an endpoint", async () => {
    const telemetry = startTelemetry({ serviceName: "storeflow-test", env: readEnv({}) });
    expect(telemetry.enabled).toBe(false);
    expect(isTracing()).toBe(false);
    await telemetry.shutdown();
  });

  it("exports spans over OTLP/HTTP to <endpoint>/v1/traces with the configured headers, and stops on shutdown", async () => {
    const env = readEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: `${endpoint}/`, OTEL_EXPORTER_OTLP_HEADERS: "x-collector-token=t%20ok, x-team = ops", OTEL_SERVICE_NAME: "storeflow-renamed" });
    const telemetry = startTelemetry({ serviceName: "storeflow-test", env });
    expect(telemetry.enabled).toBe(true);
    await withSpan("exported.span", { "storeflow.run_id": "r-1" }, async () => {});
    await telemetry.shutdown();
    expect(isTracing()).toBe(false);
    expect(received).toHaveLength(1);
    const [request] = received;
    expect(request).toMatchObject({ url: "/v1/traces", headers: { "x-collector-token": "t ok", "x-team": "ops" } });
    expect(request!.body).toContain('"exported.span"');
    expect(request!.body).toContain('"storeflow-renamed"');
  });

  it("refuses a malformed endpoint or header list, naming neither header value", () => {
    expect(() => readEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: "collector:4318" })).toThrow(/collector's http\(s\) URL/);
    const failure = (() => {
      try {
        readEnv({ OTEL_EXPORTER_OTLP_HEADERS: "authorization" });
      } catch (error) {
        return String(error);
      }
    })();
    expect(failure).toMatch(/name=value/);
  });
});
