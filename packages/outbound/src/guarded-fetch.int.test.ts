import { once } from "node:events";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { type AddressInfo } from "node:net";
import { createServer as createTlsServer } from "node:tls";
import { NonRetryableError } from "@storeflow/engine";
import { afterEach, describe, expect, it } from "vitest";
import { BlockedDestinationError } from "./blocked-destination-error";
import { createGuardedFetch, guardedFetchFromEnv } from "./guarded-fetch";
import { type TLookup } from "./resolve-destination";

interface TRecordedRequest {
  method: string;
  path: string;
  headers: IncomingMessage["headers"];
  body: string;
}

interface TTestServer {
  port: number;
  /** `http://host:port` */
  origin: string;
  requests: TRecordedRequest[];
  connections: number;
}

type THandler = (request: TRecordedRequest, response: ServerResponse) => void;

const openServers: ReturnType<typeof createServer>[] = [];

afterEach(async () => {
  await Promise.all(
    openServers.splice(0).map((server) => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(resolve));
    }),
  );
});

function echo(request: TRecordedRequest, response: ServerResponse): void {
  response.setHeader("content-type", "application/json");
  response.end(JSON.stringify({ method: request.method, path: request.path, host: request.headers.host, body: request.body }));
}

async function startServer(options: { host: string; port?: number; handle?: THandler }): Promise<TTestServer> {
  const handle = options.handle ?? echo;
  const state: TTestServer = { port: 0, origin: "", requests: [], connections: 0 };
  const server = createServer((incoming, response) => {
    const chunks: Buffer[] = [];
    incoming.on("data", (chunk: Buffer) => chunks.push(chunk));
    incoming.on("end", () => {
      const request = { method: incoming.method ?? "", path: incoming.url ?? "", headers: incoming.headers, body: Buffer.concat(chunks).toString() };
      state.requests.push(request);
      handle(request, response);
    });
  });
  server.on("connection", () => state.connections++);
  openServers.push(server);
  server.listen(options.port ?? 0, options.host);
  await once(server, "listening");
  state.port = (server.address() as AddressInfo).port;
  state.origin = `http://${options.host.includes(":") ? `[${options.host}]` : options.host}:${state.port}`;
  return state;
}

function redirectTo(location: string, status = 302): THandler {
  return (_request, response) => {
    response.writeHead(status, { location });
    response.end();
  };
}

/** A DNS stand-in that answers from `answers` in turn (the last one repeats) and records each question. */
function scriptedLookup(...answers: string[][]): TLookup & { calls: string[] } {
  const calls: string[] = [];
  const lookup = async (hostname: string) => {
    const answer = answers[Math.min(calls.length, answers.length - 1)] ?? [];
    calls.push(hostname);
    return answer.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));
  };
  return Object.assign(lookup, { calls });
}

async function refusal(promise: Promise<unknown>): Promise<BlockedDestinationError> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(BlockedDestinationError);
  expect(error).toBeInstanceOf(NonRetryableError);
  return error as BlockedDestinationError;
}

describe("guarded fetch, by default", () => {
  const closed = { allowPrivate: false, allowlist: [] };

  it("refuses a loopback server without connecting to it", async () => {
    const server = await startServer({ host: "127.0.0.1" });
    const error = await refusal(createGuardedFetch(closed)(`${server.origin}/`));
    expect(error.message).toBe('Outbound request to "127.0.0.1" refused: is a loopback address');
    expect(server.connections).toBe(0);
  });

  it("refuses [::1] without connecting to it", async () => {
    const server = await startServer({ host: "::1" });
    const error = await refusal(createGuardedFetch(closed)(`${server.origin}/`));
    expect(error.host).toBe("::1");
    expect(error.message).toMatch(/is a loopback address/);
    expect(server.connections).toBe(0);
  });

  it.each([
    ["http://10.0.0.1/", "10.0.0.1", "private"],
    ["http://169.254.169.254/latest/meta-data", "169.254.169.254", "metadata"],
    ["http://[::ffff:169.254.169.254]/latest/meta-data", "::ffff:a9fe:a9fe", "metadata"],
    ["http://[fd00:ec2::254]/latest/meta-data", "fd00:ec2::254", "metadata"],
    ["https://100.64.0.1/", "100.64.0.1", "carrierGradeNat"],
    ["http://0.0.0.0/", "0.0.0.0", "unspecified"],
  ])("refuses %s", async (url, host, kind) => {
    const lookup = scriptedLookup(["8.8.8.8"]);
    const error = await refusal(createGuardedFetch({ ...closed, lookup })(url));
    expect([error.host, error.address?.kind]).toEqual([host, kind]);
    // A literal address is judged as written: no DNS question whose answer could differ.
    expect(lookup.calls).toEqual([]);
  });

  it.each(["http://0x7f.1/", "http://2130706433/", "http://017700000001/", "http://127.1/", "http://0x7f000001/"])(
    "normalises the literal %s to 127.0.0.1 and refuses it",
    async (url) => {
      const error = await refusal(createGuardedFetch(closed)(url));
      expect([error.host, error.address?.kind]).toEqual(["127.0.0.1", "loopback"]);
    },
  );

  it("refuses a hostname that resolves to a private address", async () => {
    const lookup = scriptedLookup(["10.0.0.5"]);
    const error = await refusal(createGuardedFetch({ ...closed, lookup })("https://intranet.test/api"));
    expect(error.message).toBe('Outbound request to "intranet.test" refused: resolves to a private address 10.0.0.5');
    expect(lookup.calls).toEqual(["intranet.test"]);
  });

  it("refuses a hostname when any one of its addresses is private", async () => {
    const lookup = scriptedLookup(["93.184.216.34", "2606:2800:220:1::1", "::ffff:192.168.0.9"]);
    const error = await refusal(createGuardedFetch({ ...closed, lookup })("https://mixed.test/"));
    expect(error.message).toBe('Outbound request to "mixed.test" refused: resolves to a private address ::ffff:c0a8:9 (192.168.0.9)');
  });

  it("refuses localhost through the real resolver", async () => {
    const server = await startServer({ host: "127.0.0.1" });
    const error = await refusal(createGuardedFetch(closed)(`http://localhost:${server.port}/`));
    expect(error.message).toMatch(/^Outbound request to "localhost" refused: resolves to a loopback address/);
    expect(server.connections).toBe(0);
  });

  it.each(["file:///etc/passwd", "ftp://files.example/x", "gopher://127.0.0.1:6379/_INFO", "data:text/plain,hi"])("refuses the scheme of %s", async (url) => {
    const error = await refusal(createGuardedFetch(closed)(url));
    expect(error.message).toMatch(/^Outbound request( to "[^"]+")? refused: only http and https are allowed, not [a-z]+:$/);
  });

  it("refuses credentials in the URL before asking DNS", async () => {
    const lookup = scriptedLookup(["93.184.216.34"]);
    const error = await refusal(createGuardedFetch({ ...closed, lookup })("https://user:secret@api.example/"));
    expect(error.message).toMatch(/"api.example" refused: the URL carries credentials/);
    expect(lookup.calls).toEqual([]);
  });

  it("reports a DNS failure as fetch does, not as a refusal", async () => {
    const lookup: TLookup = () => Promise.reject(Object.assign(new Error("getaddrinfo ENOTFOUND nowhere.test"), { code: "ENOTFOUND" }));
    await expect(createGuardedFetch({ ...closed, lookup })("https://nowhere.test/")).rejects.toThrow(
      expect.objectContaining({ name: "TypeError", message: "fetch failed", cause: expect.objectContaining({ code: "ENOTFOUND" }) }),
    );
  });

  it("stops waiting for DNS when the caller's signal aborts", async () => {
    const lookup: TLookup = () => new Promise(() => undefined);
    const started = Date.now();
    await expect(createGuardedFetch({ ...closed, lookup })("https://slow.test/", { signal: AbortSignal.timeout(50) })).rejects.toThrow(
      expect.objectContaining({ name: "TimeoutError" }),
    );
    expect(Date.now() - started).toBeLessThan(2000);
  });
});

describe("guarded fetch, with an allowlist of exactly 127.0.0.1/32", () => {
  const allowLocal = { allowPrivate: false, allowlist: ["127.0.0.1/32"] };

  it("reaches the local server and returns its body", async () => {
    const server = await startServer({ host: "127.0.0.1" });
    const response = await createGuardedFetch(allowLocal)(`${server.origin}/hello?x=1`, { headers: { "x-trace": "abc" } });
    expect(response.status).toBe(200);
    expect(response.redirected).toBe(false);
    expect(await response.json()).toEqual({ method: "GET", path: "/hello?x=1", host: `127.0.0.1:${server.port}`, body: "" });
    expect(server.requests[0]?.headers["x-trace"]).toBe("abc");
  });

  it("still refuses 127.0.0.2, which the allowlist does not name", async () => {
    const other = await startServer({ host: "127.0.0.2" });
    const error = await refusal(createGuardedFetch(allowLocal)(`${other.origin}/`));
    expect(error.address?.kind).toBe("loopback");
    expect(other.connections).toBe(0);
  });

  it("refuses a redirect to another loopback address before connecting to it", async () => {
    const target = await startServer({ host: "127.0.0.2" });
    const server = await startServer({ host: "127.0.0.1", handle: redirectTo(`${target.origin}/internal`) });
    const error = await refusal(createGuardedFetch(allowLocal)(`${server.origin}/start`));
    expect(error.message).toBe(`Outbound request to "127.0.0.2" refused: is a loopback address (redirected from "127.0.0.1:${server.port}")`);
    expect(server.requests.map((r) => r.path)).toEqual(["/start"]);
    expect(target.connections).toBe(0);
  });

  it.each([
    ["http://169.254.169.254/latest/meta-data/iam/security-credentials/", "metadata"],
    ["http://10.0.0.1/", "private"],
  ])("refuses a redirect to %s", async (location, kind) => {
    const server = await startServer({ host: "127.0.0.1", handle: redirectTo(location) });
    const error = await refusal(createGuardedFetch(allowLocal)(`${server.origin}/`));
    expect(error.address?.kind).toBe(kind);
    expect(error.message).toMatch(/\(redirected from "127\.0\.0\.1:\d+"\)$/);
  });

  it("turns a POST answered with 303 into a GET without the body", async () => {
    const server = await startServer({
      host: "127.0.0.1",
      handle: (request, response) => (request.path === "/submit" ? redirectTo("/result", 303)(request, response) : echo(request, response)),
    });
    const response = await createGuardedFetch(allowLocal)(`${server.origin}/submit`, {
      method: "post",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ sku: "A-1" }),
    });
    expect(await response.json()).toMatchObject({ method: "GET", path: "/result", body: "" });
    expect(response.redirected).toBe(true);
    expect(response.url).toBe(`${server.origin}/result`);
    expect(server.requests.map((r) => [r.method, r.path, r.body, r.headers["content-type"]])).toEqual([
      ["POST", "/submit", '{"sku":"A-1"}', "application/json"],
      ["GET", "/result", "", undefined],
    ]);
  });

  it("resends method and body on 307", async () => {
    const server = await startServer({
      host: "127.0.0.1",
      handle: (request, response) => (request.path === "/old" ? redirectTo("/new", 307)(request, response) : echo(request, response)),
    });
    const response = await createGuardedFetch(allowLocal)(`${server.origin}/old`, { method: "PUT", body: "level=4" });
    expect(await response.json()).toMatchObject({ method: "PUT", path: "/new", body: "level=4" });
  });

  it("aborts a request the server never answers when the caller's signal fires", async () => {
    const server = await startServer({ host: "127.0.0.1", handle: () => undefined });
    const started = Date.now();
    await expect(createGuardedFetch(allowLocal)(`${server.origin}/hang`, { signal: AbortSignal.timeout(100) })).rejects.toThrow(
      expect.objectContaining({ name: "TimeoutError" }),
    );
    expect(Date.now() - started).toBeLessThan(2000);
    expect(server.requests.map((r) => r.path)).toEqual(["/hang"]);
  });

  it("gives up with a clear error after maxRedirects", async () => {
    const server = await startServer({
      host: "127.0.0.1",
      handle: (request, response) => redirectTo(`/loop/${request.path.split("/").length}`)(request, response),
    });
    const error = await createGuardedFetch({ ...allowLocal, maxRedirects: 3 })(`${server.origin}/`).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(NonRetryableError);
    expect((error as Error).message).toBe(`Gave up after 3 redirects, starting at "127.0.0.1:${server.port}"; the next would go to "127.0.0.1:${server.port}"`);
    expect(server.requests).toHaveLength(4);
  });

  it('returns the redirect itself for redirect: "manual" and throws for "error"', async () => {
    const target = await startServer({ host: "127.0.0.1" });
    const server = await startServer({ host: "127.0.0.1", handle: redirectTo(`${target.origin}/next`) });
    const fetch = createGuardedFetch(allowLocal);
    const manual = await fetch(`${server.origin}/`, { redirect: "manual" });
    expect([manual.status, manual.headers.get("location")]).toEqual([302, `${target.origin}/next`]);
    await expect(fetch(`${server.origin}/`, { redirect: "error" })).rejects.toThrow(/answered 302 with a redirect .* redirect: "error"/);
    expect(target.requests).toHaveLength(0);
  });

  it("drops Authorization when a redirect leaves the origin", async () => {
    const target = await startServer({ host: "127.0.0.1" });
    const server = await startServer({ host: "127.0.0.1", handle: redirectTo(`${target.origin}/elsewhere`) });
    await createGuardedFetch(allowLocal)(`${server.origin}/`, { headers: { authorization: "Bearer tenant-token" } });
    expect(server.requests[0]?.headers.authorization).toBe("Bearer tenant-token");
    expect(target.requests[0]?.headers.authorization).toBeUndefined();
  });

  it("connects to the address it checked, even when DNS answers differently afterwards", async () => {
    const checked = await startServer({ host: "127.0.0.1" });
    // Same port on another loopback address: where a second, rebound answer would lead.
    const rebound = await startServer({ host: "127.0.0.2", port: checked.port });
    const lookup = scriptedLookup(["127.0.0.1"], ["127.0.0.2"]);
    const fetch = createGuardedFetch({ ...allowLocal, lookup });

    const response = await fetch(`http://rebind.test:${checked.port}/`);
    expect(await response.json()).toMatchObject({ host: `rebind.test:${checked.port}` });
    expect(lookup.calls).toEqual(["rebind.test"]);
    expect([checked.connections, rebound.connections]).toEqual([1, 0]);

    // The next request asks again and is judged by the new answer.
    const error = await refusal(fetch(`http://rebind.test:${checked.port}/`));
    expect(error.message).toBe('Outbound request to "rebind.test" refused: resolves to a loopback address 127.0.0.2');
    expect(lookup.calls).toEqual(["rebind.test", "rebind.test"]);
    expect(rebound.connections).toBe(0);
  });

  it("asks DNS once per hop and checks the redirect's host by its own answer", async () => {
    const server = await startServer({ host: "127.0.0.1", handle: redirectTo("http://second.test/") });
    const lookup = scriptedLookup(["127.0.0.1"], ["10.0.0.7"]);
    const error = await refusal(createGuardedFetch({ ...allowLocal, lookup })(`http://first.test:${server.port}/`));
    expect(error.message).toBe(`Outbound request to "second.test" refused: resolves to a private address 10.0.0.7 (redirected from "first.test:${server.port}")`);
    expect(lookup.calls).toEqual(["first.test", "second.test"]);
  });
});

describe("guarded fetch, with private targets allowed", () => {
  const open = { allowPrivate: true, allowlist: [] };

  it("reaches loopback servers on any loopback address", async () => {
    const server = await startServer({ host: "127.0.0.2" });
    expect((await createGuardedFetch(open)(`${server.origin}/ok`)).status).toBe(200);
  });

  it("still refuses cloud metadata, directly and through a redirect", async () => {
    const server = await startServer({ host: "127.0.0.1", handle: redirectTo("http://169.254.169.254/latest/meta-data") });
    const fetch = createGuardedFetch(open);
    expect((await refusal(fetch("http://169.254.169.254/latest/meta-data"))).address?.kind).toBe("metadata");
    expect((await refusal(fetch(`${server.origin}/`))).message).toMatch(/"169\.254\.169\.254" refused: is a cloud metadata address/);
  });
});

describe("guarded fetch, connecting to the checked addresses", () => {
  it("connects over IPv6 to a hostname's checked ::1", async () => {
    const server = await startServer({ host: "::1" });
    const lookup = scriptedLookup(["::1"]);
    const response = await createGuardedFetch({ allowPrivate: false, allowlist: ["::1/128"], lookup })(`http://six.test:${server.port}/`);
    expect(await response.json()).toMatchObject({ host: `six.test:${server.port}` });
    expect(server.connections).toBe(1);
  });

  it("sends the original hostname as the TLS servername, not the pinned address", async () => {
    const servernames: string[] = [];
    // No certificate needed: the ClientHello carries the servername before the handshake fails.
    const server = createTlsServer({
      SNICallback: (servername, callback) => {
        servernames.push(servername);
        callback(new Error("no certificate"));
      },
    });
    server.on("tlsClientError", () => undefined);
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    const { port } = server.address() as AddressInfo;
    try {
      const lookup = scriptedLookup(["127.0.0.1"]);
      await expect(createGuardedFetch({ allowPrivate: true, allowlist: [], lookup })(`https://secure.test:${port}/`)).rejects.toThrow("fetch failed");
      expect(servernames).toEqual(["secure.test"]);
    } finally {
      server.close();
    }
  });

  it("falls back among the checked addresses when the first refuses the connection", async () => {
    // Only the IPv4 one listens; Node tries ::1 first, as DNS ordered it, then 127.0.0.1.
    const server = await startServer({ host: "127.0.0.1" });
    const lookup = scriptedLookup(["::1", "127.0.0.1"]);
    const response = await createGuardedFetch({ allowPrivate: true, allowlist: [], lookup })(`http://dual.test:${server.port}/`);
    expect(response.status).toBe(200);
    expect(lookup.calls).toEqual(["dual.test"]);
  });
});

describe("guardedFetchFromEnv", () => {
  it("follows the operator's variables", async () => {
    const server = await startServer({ host: "127.0.0.1" });
    await refusal(guardedFetchFromEnv({ OUTBOUND_ALLOW_PRIVATE: false, OUTBOUND_PRIVATE_ALLOWLIST: [] })(`${server.origin}/`));
    const allowed = guardedFetchFromEnv({ OUTBOUND_ALLOW_PRIVATE: false, OUTBOUND_PRIVATE_ALLOWLIST: ["127.0.0.1/32"] });
    expect((await allowed(`${server.origin}/`)).status).toBe(200);
  });
});
