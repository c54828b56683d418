import { describe, expect, it } from "vitest";
import { AUDIT_GENESIS_HASH, canonicalAuditEvent, hashAuditEvent } from "./audit-hash";

const event = {
  id: "0190cccc-0000-7000-8000-000000000001",
  partnerId: "0190aaaa-0000-7000-8000-000000000001",
  clientId: null,
  actorUserId: "0190aaaa-0000-7000-8000-0000000000ff",
  action: 'say "hi"\n',
  targetType: "client",
  targetId: null,
  data: '{"a": [1.0, 0.1], "bb": {"é": "x"}}',
  createdAt: "2026-01-01T00:00:00.123Z",
  seq: 1,
  prevHash: AUDIT_GENESIS_HASH,
};

describe("canonical form", () => {
  // Stored hashes depend on this exact string: changing it needs a new version tag.
  it("is a JSON array of the version tag, the columns and data as PostgreSQL printed it", () => {
    expect(canonicalAuditEvent(event)).toBe(
      `["storeflow.audit.v1","0190cccc-0000-7000-8000-000000000001","0190aaaa-0000-7000-8000-000000000001",null,"0190aaaa-0000-7000-8000-0000000000ff","say \\"hi\\"\\n","client",null,"2026-01-01T00:00:00.123Z",1,"${AUDIT_GENESIS_HASH}",{"a": [1.0, 0.1], "bb": {"é": "x"}}]`,
    );
  });

  it("hashes every field", () => {
    const hash = hashAuditEvent(event);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    for (const change of [{ seq: 2 }, { prevHash: "1".repeat(64) }, { data: '{"a": [1.0, 0.2], "bb": {"é": "x"}}' }, { clientId: event.partnerId }, { createdAt: "2026-01-01T00:00:00.124Z" }]) {
      expect(hashAuditEvent({ ...event, ...change }), JSON.stringify(change)).not.toBe(hash);
    }
  });
});
