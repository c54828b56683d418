import { expect, test } from "@playwright/test";
import { DEMO_CLIENTS, DEMO_PARTNER, DEMO_USERS } from "../fixtures/demo-users";
import { linkFromOutbox, signIn, uniqueEmail } from "../support/session";

test("an anonymous visitor is sent to the sign-in page", async ({ page }) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/sign-in/);
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
});

test("a wrong password gets a clear error and no session", async ({ page }) => {
  await page.goto("/sign-in");
  await page.getByLabel("E-mail", { exact: true }).fill(uniqueEmail("nobody"));
  await page.getByLabel("Password", { exact: true }).fill("not-the-password-1");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "That e-mail and password do not match" })).toBeVisible();
  await page.goto("/");
  await expect(page).toHaveURL(/\/sign-in/);
});

test("the partner owner signs in with a password, sees every client under the partner brand, and signs out", async ({ page }) => {
  await signIn(page, DEMO_USERS.partnerOwner.email);
  await expect(page.getByRole("link", { name: DEMO_PARTNER.productName })).toBeVisible();
  const clients = page.getByRole("table", { name: "Clients" });
  await expect(clients.getByRole("row", { name: new RegExp(DEMO_CLIENTS.harbor.name) })).toContainText(String(DEMO_CLIENTS.harbor.storeCount));
  await expect(clients.getByRole("row", { name: new RegExp(DEMO_CLIENTS.peak.name) })).toContainText(String(DEMO_CLIENTS.peak.storeCount));
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  await page.goto("/team");
  await expect(page).toHaveURL(/\/sign-in/);
});

test("a client viewer sees only their own company", async ({ page }) => {
  await signIn(page, DEMO_USERS.clientViewer.email);
  // A client user's home is their own company's overview, not the partner's client list.
  await expect(page.getByRole("heading", { level: 1, name: DEMO_CLIENTS.peak.name })).toBeVisible();
  await expect(page.getByRole("table", { name: "Clients" })).toHaveCount(0);
  await expect(page.getByText(DEMO_CLIENTS.harbor.name)).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Team" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "New client" })).toHaveCount(0);
});

test("the operator signs in with an e-mail link from the outbox", async ({ page }) => {
  await page.goto("/sign-in");
  await page.getByLabel("E-mail me a sign-in link").fill(DEMO_USERS.partnerOperator.email);
  await page.getByRole("button", { name: "Send link" }).click();
  await expect(page.getByRole("heading", { name: "Check your e-mail" })).toBeVisible();
  const link = await linkFromOutbox(page, DEMO_USERS.partnerOperator.email, /api\/auth\/callback\/email/);
  await page.goto(link);
  await expect(page.getByTestId("signed-in-as")).toHaveText(DEMO_USERS.partnerOperator.email);
  // The link works once.
  await page.context().clearCookies();
  await page.goto(link);
  await expect(page.getByRole("alert").filter({ hasText: "expired or was already used" })).toBeVisible();
});

test("the platform operator sees partners, not a tenant's data", async ({ page }) => {
  await signIn(page, DEMO_USERS.platformAdmin.email);
  await expect(page.getByRole("heading", { name: "Partners" })).toBeVisible();
  await expect(page.getByRole("cell", { name: DEMO_PARTNER.name })).toBeVisible();
});
