import { NonRetryableError, RetryableError } from "@storeflow/engine";
import { randomUUID } from "node:crypto";
import { createServer, type AddressInfo, type Server } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startSmtpSimulator, type TSmtpSimulator } from "@storeflow/simulator";
import { type TConnector } from "../../sdk/connector";
import { invokeAction } from "../../sdk/invoke";
import { createEmailConnector, deriveMessageId, emailConnector, type TEmailConfig, type TEmailSecrets } from "./index";

let smtp: TSmtpSimulator;

beforeAll(async () => {
  smtp = await startSmtpSimulator({ users: { "alerts@acme.example": "app-password" }, rejectRecipients: { "busy@shop.example": 450, "nobody@shop.example": 550 } });
});
afterAll(() => smtp.close());
beforeEach(() => {
  smtp.messages.length = 0;
});

function config(overrides: Partial<TEmailConfig> = {}): TEmailConfig {
  return { host: "127.0.0.1", port: smtp.port, secure: false, requireTls: false, from: "Acme Alerts <alerts@acme.example>", ...overrides };
}

const secrets: TEmailSecrets = { username: "alerts@acme.example", password: "app-password" };

interface SendOptions {
  input?: unknown;
  config?: TEmailConfig;
  secrets?: TEmailSecrets;
  idempotencyKey?: string;
  signal?: AbortSignal;
  connector?: TConnector<TEmailConfig, TEmailSecrets>;
}

function send(options: SendOptions = {}) {
  return invokeAction(options.connector ?? emailConnector, {
    operation: "send",
    input: options.input ?? { to: "ops@shop.example", subject: "Low stock", text: "RED-42 is below 5." },
    config: options.config ?? config(),
    secrets: options.secrets ?? secrets,
    idempotencyKey: options.idempotencyKey ?? randomUUID(),
    signal: options.signal ?? new AbortController().signal,
    fetch,
  });
}

describe("email connector: send", () => {
  it("delivers to the SMTP server with the right headers and a Message-ID derived from the idempotency key", async () => {
    const idempotencyKey = `run-3:mail:${randomUUID()}`;

    const output = await send({
      idempotencyKey,
      config: config({ replyTo: "support@acme.example" }),
      input: { to: ["ops@shop.example", "lead@shop.example"], cc: "audit@shop.example", subject: "Low stock: RED-42", text: "RED-42 is below 5.", html: "<p>RED-42 is below <b>5</b>.</p>" },
    });

    const messageId = deriveMessageId(idempotencyKey, "alerts@acme.example");
    expect(messageId).toMatch(/^<[0-9a-f]{32}\.storeflow@acme\.example>$/);
    expect(output).toEqual({ messageId, accepted: ["ops@shop.example", "lead@shop.example", "audit@shop.example"], rejected: [] });
    expect(smtp.messages).toHaveLength(1);
    expect(smtp.messages[0]).toMatchObject({
      authUser: "alerts@acme.example",
      envelope: { from: "alerts@acme.example", to: ["ops@shop.example", "lead@shop.example", "audit@shop.example"] },
      from: '"Acme Alerts" <alerts@acme.example>',
      to: ["ops@shop.example", "lead@shop.example"],
      cc: ["audit@shop.example"],
      subject: "Low stock: RED-42",
      text: "RED-42 is below 5.",
      html: "<p>RED-42 is below <b>5</b>.</p>",
      messageId,
    });
    expect(smtp.messages[0]?.headers).toMatchObject({ "message-id": messageId, "reply-to": "support@acme.example" });
  });

  it("sends a retried step with the same Message-ID and another step with a different one", async () => {
    const idempotencyKey = randomUUID();
    const first = (await send({ idempotencyKey })) as { messageId: string };
    const retry = (await send({ idempotencyKey })) as { messageId: string };
    const other = (await send()) as { messageId: string };

    expect(retry.messageId).toBe(first.messageId);
    expect(other.messageId).not.toBe(first.messageId);
    expect(smtp.messages.map((m) => m.headers["message-id"])).toEqual([first.messageId, first.messageId, other.messageId]);
  });

  it("reports recipients the server refused while delivering to the rest", async () => {
    const output = await send({ input: { to: ["ops@shop.example", "nobody@shop.example"], subject: "s", text: "t" } });
    expect(output).toMatchObject({ accepted: ["ops@shop.example"], rejected: ["nobody@shop.example"] });
    expect(smtp.messages[0]?.envelope.to).toEqual(["ops@shop.example"]);
  });

  it("treats a 4xx reply as retryable and a 5xx reply as permanent", async () => {
    const busy = await send({ input: { to: "busy@shop.example", subject: "s", text: "t" } }).catch((e: unknown) => e);
    expect(busy).toBeInstanceOf(RetryableError);
    expect((busy as Error).message).toContain("450");

    const unknown = await send({ input: { to: "nobody@shop.example", subject: "s", text: "t" } }).catch((e: unknown) => e);
    expect(unknown).toBeInstanceOf(NonRetryableError);
    expect((unknown as Error).message).toContain("550");
    expect(smtp.messages).toHaveLength(0);
  });

  it("refuses a wrong password as non-retryable, without repeating it", async () => {
    const error = await send({ secrets: { ...secrets, password: "wrong-password" } }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(NonRetryableError);
    expect((error as Error).message).toMatch(/AUTH .*535/);
    expect((error as Error).message).not.toContain("wrong-password");
    expect(smtp.messages).toHaveLength(0);
  });

  it("treats a server that is down as retryable", async () => {
    const down = await startSmtpSimulator();
    const port = down.port;
    await down.close();

    const error = await send({ config: config({ port }) }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(RetryableError);
    expect((error as Error).message).toContain("ECONNREFUSED");
  });

  it("refuses to log in over plain text when TLS is required and the server offers no STARTTLS", async () => {
    const error = await send({ config: config({ requireTls: undefined }) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NonRetryableError);
    expect((error as Error).message).toContain("STARTTLS");
    expect(smtp.messages).toHaveLength(0);
  });

  it("runs the host check first and connects to the address it vetted", async () => {
    const checked: string[] = [];
    const guarded = createEmailConnector({
      async resolveHostAllowed(host) {
        checked.push(host);
        if (host === "internal.example") throw new NonRetryableError(`${host} is a private address`);
        return "127.0.0.1";
      },
    });

    await expect(send({ connector: guarded, config: config({ host: "internal.example" }) })).rejects.toThrow("internal.example is a private address");
    await send({ connector: guarded, config: config({ host: "smtp.acme.invalid" }) });

    expect(checked).toEqual(["internal.example", "smtp.acme.invalid"]);
    expect(smtp.messages).toHaveLength(1);
  });

  describe("with a server that never answers", () => {
    let silent: Server;
    let port: number;
    beforeAll(async () => {
      silent = createServer(() => undefined);
      await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
      port = (silent.address() as AddressInfo).port;
    });
    afterAll(() => new Promise<void>((resolve) => silent.close(() => resolve())));

    it("gives up as soon as the step's signal aborts", async () => {
      const controller = new AbortController();
      setTimeout(() => controller.abort(new Error("step timed out")), 200);
      const started = Date.now();

      await expect(send({ config: config({ port }), signal: controller.signal })).rejects.toThrow("step timed out");
      expect(Date.now() - started).toBeLessThan(800);
    });
  });
});

describe("email connector: health", () => {
  it("logs in without sending, and reports a refused login", async () => {
    const context = { config: config(), secrets, signal: new AbortController().signal, fetch };
    expect(await emailConnector.health(context)).toEqual({ ok: true });
    expect(await emailConnector.health({ ...context, secrets: { ...secrets, password: "nope" } })).toMatchObject({ ok: false, detail: expect.stringContaining("535") });
    expect(smtp.messages).toHaveLength(0);
  });
});
