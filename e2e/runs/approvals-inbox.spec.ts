import { expect, test } from "@playwright/test";
import { DEMO_USERS } from "../fixtures/demo-users";
import { query } from "./failing-runs";
import { signIn } from "../support/session";

interface TApprovalRow {
  id: string;
  clientId: string;
  assignees: { roles?: string[]; userIds?: string[] };
  escalatedAt: string | null;
  escalateTo: { roles?: string[]; userIds?: string[] } | null;
}

/**
 * The inbox a client user sees holds only approvals assigned to them: the API
 * filters it, so even a hand-made request for their client's approvals returns
 * none assigned to others (packages/api approval.int.test.ts covers every case).
 */
test("a client user's approvals inbox is theirs alone, and says so; partner staff see every client's with expiry and escalation", async ({ page, browser }) => {
  const staff = await browser.newPage();
  await signIn(staff, DEMO_USERS.partnerOperator.email);
  const everyone = await query<{ items: TApprovalRow[] }>(staff, "approval.list", { limit: 100 });
  await staff.goto("/runs/approvals");
  const table = staff.getByRole("table", { name: "Approvals waiting for a decision" });
  if (everyone.items.length > 0) {
    for (const column of ["Time left", "Escalation"]) await expect(table.getByRole("columnheader", { name: column })).toBeVisible();
    await expect(table.getByTestId("approval-expiry").first()).toContainText(/Expires|Expired/);
    await expect(table.getByTestId("approval-escalation").first()).toBeVisible();
  } else {
    await expect(staff.getByText("No approvals waiting")).toBeVisible();
  }
  await staff.close();

  await signIn(page, DEMO_USERS.clientAdmin.email);
  const mine = await query<{ items: TApprovalRow[] }>(page, "approval.list", { limit: 100 });
  const me = await query<{ user: { id: string } }>(page, "session.me", undefined);
  for (const approval of mine.items) {
    const named = (people: TApprovalRow["assignees"] | null) => Boolean(people?.roles?.includes("client_admin") || people?.userIds?.includes(me.user.id));
    expect(named(approval.assignees) || (approval.escalatedAt !== null && named(approval.escalateTo)), approval.id).toBe(true);
  }
  // Approvals of the client that name only partner staff stay out of the client's inbox.
  const partnersOnly = everyone.items.filter((a) => a.clientId === mine.items[0]?.clientId && !a.assignees.roles?.includes("client_admin") && !a.assignees.userIds?.length && !a.escalatedAt);
  for (const hidden of partnersOnly) expect(mine.items.map((a) => a.id)).not.toContain(hidden.id);

  await page.goto("/runs/approvals");
  await expect(page.getByRole("heading", { level: 1, name: "Approvals" })).toBeVisible();
  await expect(page.getByRole("heading", { level: 2, name: "Waiting for you" })).toBeVisible();
  if (mine.items.length === 0) await expect(page.getByText("Nothing waits for you")).toBeVisible();
  else await expect(page.getByRole("table", { name: "Approvals waiting for a decision" }).locator("tbody tr")).toHaveCount(mine.items.length);
  // A client user is not shown a client column: it is always their own.
  await expect(page.getByRole("columnheader", { name: "Client" })).toHaveCount(0);
});
