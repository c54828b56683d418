import { describe, expect, it } from "vitest";
import { type TNotificationPayload } from "./payload";
import { renderEmail, renderSlack, renderTeams } from "./render";
import { generateSigningSecret, signedWebhookHeaders, verifyAlertWebhook } from "./signature";

const alert = (n: number) => ({ id: `a${n}`, clientId: "c", clientName: "Acme <Retail>", subjectType: "installation", subjectId: `i${n}`, subject: `Sync ${n}`, summary: "No run at all", raisedAt: "2026-12-02T08:00:00.000Z" });
const payload = (count: number): TNotificationPayload => ({ type: "alert.firing", rule: { id: "r", name: "Sync stopped", condition: "No successful run for 15 min" }, alerts: Array.from({ length: count }, (_, i) => alert(i + 1)) });

describe("rendering", () => {
  it("escapes tenant text for HTML and Slack, and lists at most 20 alerts", () => {
    const email = renderEmail(payload(23), "https://p.test/alerts");
    expect(email.subject).toBe("[Alert] Sync stopped: 23 alerts firing");
    expect(email.html).toContain("Acme &#60;Retail&#62;");
    expect(email.text).toContain("- Sync 20 (Acme <Retail>): No run at all\n- …and 3 more");
    expect(JSON.stringify(renderSlack(payload(1), "https://p.test/alerts"))).toContain("Acme &lt;Retail&gt;");
    expect(renderTeams(payload(1), "https://p.test/alerts").attachments[0]!.content.actions).toEqual([{ type: "Action.OpenUrl", title: "See and snooze alerts", url: "https://p.test/alerts" }]);
  });

  it("says a resolved notification is back to normal, for how long it fired, and what it was", () => {
    const resolved: TNotificationPayload = { ...payload(1), type: "alert.resolved", alerts: [{ ...alert(1), resolvedAt: "2026-12-02T08:42:00.000Z" }] };
    const email = renderEmail(resolved, "https://p.test/alerts");
    expect(email.subject).toBe("[Resolved] Sync stopped: 1 alert resolved");
    expect(email.text).toContain("- Sync 1 (Acme <Retail>): back to normal after 42 min (was: No run at all)");
    expect(email.text).toContain("See alerts:\nhttps://p.test/alerts");
    expect(renderSlack(resolved, "https://p.test/alerts").text).toBe("Sync stopped: 1 alert resolved");
  });
});

describe("webhook signatures", () => {
  it("verify with the channel's secret only, for the exact body and id", () => {
    const secret = generateSigningSecret();
    const body = JSON.stringify({ id: "d1", type: "alert.firing" });
    const headers = signedWebhookHeaders({ secret, deliveryId: "d1", sentAt: new Date(), body });
    expect(headers["webhook-signature"]).toMatch(/^v1,[A-Za-z0-9+/=]+$/);
    expect(verifyAlertWebhook({ secret, body, headers })).toBe(true);
    expect(verifyAlertWebhook({ secret: generateSigningSecret(), body, headers })).toBe(false);
    expect(verifyAlertWebhook({ secret, body: body.replace("d1", "d2"), headers })).toBe(false);
    expect(verifyAlertWebhook({ secret, body, headers: { ...headers, "webhook-id": "d2" } })).toBe(false);
    const stale = signedWebhookHeaders({ secret, deliveryId: "d1", sentAt: new Date(Date.now() - 3_600_000), body });
    expect(verifyAlertWebhook({ secret, body, headers: stale })).toBe(false);
  });
});
