import { describe, expect, it } from "vitest";
import { approvalNoticeEmail, type TApprovalNoticeFacts } from "./approval-notice-email";

const facts: TApprovalNoticeFacts = {
  kind: "assigned",
  title: "Refund <b>over</b>\n100 & more",
  workflowKey: "returns.refund",
  stepKey: "approve",
  clientName: "Corner Shop",
  timezone: "Europe/Berlin",
  expiresAt: new Date("2026-11-24T13:00:00Z"),
  url: "https://portal.example.test/approvals/0199f5a4-7c1e-7000-8000-000000000001",
};

describe("approval notice e-mail", () => {
  it("keeps the subject on one line and writes the expiry in the client's time zone", () => {
    const { subject, text } = approvalNoticeEmail(facts);
    expect(subject).toBe("Approval needed: Refund <b>over</b> 100 & more");
    expect(text).toContain("Expires: 24 Nov 2026, 14:00 (Europe/Berlin)\n");
    expect(text).toContain(`Review and decide:\n${facts.url}\n`);
    expect(approvalNoticeEmail({ ...facts, kind: "escalated" }).subject).toBe("Escalated: Refund <b>over</b> 100 & more");
  });

  it("escapes what a workflow or client names in the HTML", () => {
    const { html } = approvalNoticeEmail({ ...facts, clientName: `"Shop" <img src=x>` });
    expect(html).not.toMatch(/<b>|<img/);
    expect(html).toContain("Refund &#60;b&#62;over&#60;/b&#62; 100 &#38; more");
    expect(html).toContain("&#34;Shop&#34; &#60;img src=x&#62;");
  });
});
