import { describe, expect, it } from "vitest";
import { checkSlackPayload } from "./slack-payload";

const json = "application/json";

describe("checkSlackPayload", () => {
  it("answers no_text when text and blocks are both missing or empty", () => {
    expect(checkSlackPayload("{}", json)).toEqual({ ok: false, error: "no_text" });
    expect(checkSlackPayload(JSON.stringify({ text: "  ", blocks: [] }), json)).toEqual({ ok: false, error: "no_text" });
  });

  it("answers invalid_payload for a body that is not a JSON object", () => {
    expect(checkSlackPayload("text=hi", json)).toEqual({ ok: false, error: "invalid_payload" });
    expect(checkSlackPayload("[]", json)).toEqual({ ok: false, error: "invalid_payload" });
    expect(checkSlackPayload(JSON.stringify({ text: 42 }), json)).toEqual({ ok: false, error: "invalid_payload" });
  });

  it("answers invalid_blocks for unknown block types or more than 50 blocks", () => {
    expect(checkSlackPayload(JSON.stringify({ blocks: [{ type: "carousel" }] }), json)).toEqual({ ok: false, error: "invalid_blocks" });
    const many = Array.from({ length: 51 }, () => ({ type: "divider" }));
    expect(checkSlackPayload(JSON.stringify({ text: "x", blocks: many }), json)).toEqual({ ok: false, error: "invalid_blocks" });
  });

  it("accepts blocks without text, and the form-encoded payload= variant", () => {
    const blocks = [{ type: "section", text: { type: "mrkdwn", text: "hi" } }];
    expect(checkSlackPayload(JSON.stringify({ blocks }), json)).toMatchObject({ ok: true, text: undefined, blocks });
    const form = new URLSearchParams({ payload: JSON.stringify({ text: "hello" }) }).toString();
    expect(checkSlackPayload(form, "application/x-www-form-urlencoded")).toMatchObject({ ok: true, text: "hello" });
  });
});
