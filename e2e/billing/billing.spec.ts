import { expect, type Page, test } from "@playwright/test";
import { syncPlans } from "../../packages/billing/src/platform/plan-sync";
import { createStripeClient } from "../../packages/billing/src/stripe-client";
import { DEMO_PARTNER, DEMO_USERS } from "../fixtures/demo-users";
import { mutate, uniqueSuffix } from "../runs/failing-runs";
import { attachScreenshot } from "../support/screenshots";
import { withOwnerDb } from "../support/owner-db";
import { signIn } from "../support/session";
import { SIM_STRIPE } from "./stripe-simulator";

/**
 * Billing as a partner owner sees it: the Storeflow plan bought through the
 * simulator's hosted Checkout (real Stripe SDK in the portal, signed webhooks
 * back), usage against the included runs, invoices, and the price a partner
 * sets for a client of its own. Then who must not see any of it.
 */

/**
 * The simulator's Stripe starts empty with each run while the e2e database
 * keeps what earlier runs recorded; the story starts from an unsubscribed demo
 * partner, so its platform billing rows (which name Stripe objects the fresh
 * simulator no longer has) go first. Owner connection: this is test set-up.
 */
async function resetDemoPartnerBilling() {
  await withOwnerDb(async (db) => {
    const { rows } = await db.query<{ id: string }>("select id from partners where slug = $1", [DEMO_PARTNER.slug]);
    const partnerId = rows[0]!.id;
    for (const table of ["dunning_cases", "usage_reports", "partner_invoices", "partner_billing"]) {
      await db.query(`delete from ${table} where partner_id = $1${table === "dunning_cases" ? " and client_id is null" : ""}`, [partnerId]);
    }
  });
}

test.beforeAll(async () => {
  await resetDemoPartnerBilling();
  // The worker syncs plans at boot where it has a key; here the spec does it (idempotent), so Checkout finds the prices.
  await syncPlans({ stripe: createStripeClient({ secretKey: SIM_STRIPE.secretKey, apiBase: SIM_STRIPE.apiBase, maxNetworkRetries: 0 }) });
});

async function expectNoBilling(page: Page, path: string) {
  await page.goto(path);
  // The app's pattern for a page the role may not open: back to the overview.
  await expect(page).toHaveURL((url) => url.pathname === "/");
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Billing" })).toHaveCount(0);
}

test("the owner subscribes through Checkout, then sees the plan, usage against included runs and invoices, and changes plan", async ({ page }, testInfo) => {
  test.setTimeout(90_000);
  await signIn(page, DEMO_USERS.partnerOwner.email);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Billing" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Billing" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Choose a plan" })).toBeVisible();
  await attachScreenshot(page, testInfo, "billing-no-subscription");

  await page.getByRole("button", { name: "Choose Starter" }).click();
  await page.waitForURL((url) => url.href.startsWith(`${SIM_STRIPE.apiBase}/checkout/`));
  await expect(page.getByRole("heading", { name: "Subscribe" })).toBeVisible();
  await page.getByRole("button", { name: "Pay with card ending 4242" }).click();
  await page.waitForURL((url) => url.pathname === "/billing" && url.searchParams.get("checkout") === "success");

  // The subscription is recorded from Stripe's webhook; the page asks again until it is.
  await expect(page.getByRole("heading", { name: "Starter plan" })).toBeVisible({ timeout: 20_000 });
  await expect(page.getByText("Active", { exact: true })).toBeVisible();
  await expect(page.getByTestId("runs-used")).toContainText("of 2,000 included");
  await expect(page.getByRole("img", { name: /Cumulative runs per day\. \d+ of 2000 included runs used/ })).toBeVisible();
  await expect(page.locator(".recharts-reference-line")).toHaveCount(1);

  // The first invoice was paid at Checkout; it may land a moment after the subscription.
  await expect(async () => {
    await page.reload();
    await expect(page.getByRole("table", { name: "Invoices" }).getByText("Paid")).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
  const invoices = page.getByRole("table", { name: "Invoices" });
  await expect(invoices.getByRole("cell", { name: "$49.00", exact: true }).first()).toBeVisible();
  expect(await invoices.getByRole("link", { name: /^View/ }).first().getAttribute("href")).toMatch(new RegExp(`^${SIM_STRIPE.apiBase}/invoices/`));
  expect(await invoices.getByRole("link", { name: /^PDF/ }).first().getAttribute("href")).toMatch(/\/pdf$/);
  await attachScreenshot(page, testInfo, "billing-subscribed");

  const change = page.getByRole("form", { name: "Change plan" });
  await change.getByLabel("Change plan to").selectOption("growth");
  await change.getByRole("button", { name: "Change plan" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Plan changed" })).toBeVisible();
  await expect(async () => {
    await page.reload();
    await expect(page.getByRole("heading", { name: "Growth plan" })).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
});

test("a partner prices a client of its own: a refused value shows on its field, a good price is saved and listed", async ({ page }, testInfo) => {
  await signIn(page, DEMO_USERS.partnerOwner.email);
  const clientName = `Billing Bay ${uniqueSuffix()}`;
  await mutate<{ id: string }>(page, "client.create", { name: clientName });

  await page.goto("/billing/clients");
  await expect(page.getByRole("heading", { level: 1, name: "Client billing" })).toBeVisible();
  const row = page.getByRole("table", { name: "Client prices" }).getByRole("row").filter({ hasText: clientName });
  await expect(row.getByText("Not priced")).toBeVisible();
  await row.getByRole("button", { name: `Set price for ${clientName}` }).click();

  const form = page.getByRole("form", { name: `Price for ${clientName}` });
  // The browser refuses a fraction of a cent before anything is sent.
  await form.getByLabel("Currency").fill("usd");
  await form.getByLabel("Monthly fee").fill("49.999");
  await form.getByLabel("Included runs").fill("500");
  await form.getByLabel("Price per extra run").fill("0.03");
  await form.getByRole("button", { name: "Save price" }).click();
  await expect(form.getByLabel("Monthly fee")).toHaveAttribute("aria-invalid", "true");
  await expect(form.getByText("Use an amount such as 49.00")).toBeVisible();

  // A well-formed code that is no currency passes the browser; the server refuses it on its field.
  await form.getByLabel("Monthly fee").fill("49.90");
  await form.getByLabel("Currency").fill("xyz");
  await form.getByRole("button", { name: "Save price" }).click();
  await expect(form.getByText("Use a three-letter ISO currency code, such as eur or usd")).toBeVisible();
  await expect(form.getByLabel("Currency")).toHaveAttribute("aria-invalid", "true");
  await expect(form.getByLabel("Currency")).toBeFocused();
  await attachScreenshot(page, testInfo, "billing-clients-refused");

  await form.getByLabel("Currency").fill("usd");
  await form.getByRole("button", { name: "Save price" }).click();
  await expect(form).toBeHidden();
  await expect(row.getByRole("cell", { name: "$49.90", exact: true })).toBeVisible();
  await expect(row.getByRole("cell", { name: "500", exact: true })).toBeVisible();
  await expect(row.getByRole("cell", { name: "$0.03", exact: true })).toBeVisible();
  await attachScreenshot(page, testInfo, "billing-clients");
});

test("operators and client users cannot open billing", async ({ page }) => {
  await signIn(page, DEMO_USERS.partnerOperator.email);
  await expectNoBilling(page, "/billing");
  await expectNoBilling(page, "/billing/clients");

  await page.context().clearCookies();
  await signIn(page, DEMO_USERS.clientViewer.email);
  await expectNoBilling(page, "/billing");
  await expectNoBilling(page, "/billing/clients");
});
