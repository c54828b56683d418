import { expect, test } from "@playwright/test";
import { DEMO_CLIENTS, DEMO_USERS } from "../fixtures/demo-users";
import { linkFromOutbox, signIn, uniqueEmail } from "../support/session";

test("an owner invites a client viewer who joins by link and sees only that client; both steps are audited", async ({ page, browser }) => {
  const invitee = uniqueEmail("new-viewer");
  await signIn(page, DEMO_USERS.partnerOwner.email);
  await page.getByRole("link", { name: "Team" }).click();
  const form = page.getByRole("form", { name: "Invite someone" });
  await form.getByLabel("E-mail").fill(invitee);
  await form.getByLabel("Role").selectOption({ label: "Client viewer" });
  await form.getByRole("button", { name: "Send invitation" }).click();
  await expect(form.getByText("Choose the client this person belongs to")).toBeVisible();
  await form.getByLabel("Client").selectOption({ label: DEMO_CLIENTS.harbor.name });
  await form.getByRole("button", { name: "Send invitation" }).click();
  await expect(form.getByRole("status")).toHaveText(`Invitation sent to ${invitee}.`);
  await expect(page.getByRole("table", { name: "Pending invitations" })).toContainText(invitee);

  const link = await linkFromOutbox(page, invitee, /\/invite\//);
  const guest = await browser.newPage();
  await guest.goto(link);
  await expect(guest.getByRole("heading", { name: `Join ${DEMO_CLIENTS.harbor.name}` })).toBeVisible();
  await guest.getByLabel("Your name").fill("Vera Viewer");
  await guest.getByLabel("Choose a password").fill("short");
  await guest.getByLabel("Repeat the password").fill("short");
  await guest.getByRole("button", { name: "Accept and join" }).click();
  await expect(guest.getByText("Use at least 12 characters")).toBeVisible();
  await guest.getByLabel("Choose a password").fill("a-long-enough-passw0rd");
  await guest.getByLabel("Repeat the password").fill("a-long-enough-passw0rd");
  await guest.getByRole("button", { name: "Accept and join" }).click();
  await expect(guest.getByTestId("signed-in-as")).toHaveText(invitee);
  await expect(guest.getByRole("heading", { level: 1, name: DEMO_CLIENTS.harbor.name })).toBeVisible();
  await expect(guest.getByText(DEMO_CLIENTS.peak.name)).toHaveCount(0);
  await guest.goto(link);
  await expect(guest.getByRole("heading", { name: "This invitation can no longer be used" })).toBeVisible();
  await guest.close();

  await page.goto("/");
  await page.getByRole("link", { name: "Audit log" }).click();
  const audit = page.getByRole("table", { name: "Audit events" });
  await expect(audit.getByRole("row").filter({ hasText: "member.joined" }).filter({ hasText: invitee }).first()).toBeVisible();
  await expect(audit.getByRole("row").filter({ hasText: "member.invited" }).filter({ hasText: invitee }).first()).toBeVisible();
});
