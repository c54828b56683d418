import { expect, type Page, test } from "@playwright/test";
import { DEMO_USERS } from "../fixtures/demo-users";
import { signIn, uniqueEmail } from "../support/session";

function uniqueSuffix(): string {
  return `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}

async function openAlerts(page: Page) {
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Alerts" }).click();
  await expect(page.getByRole("heading", { name: "Alerts", level: 1 })).toBeVisible();
}

async function addChannel(page: Page, { kind, name, recipients, url }: { kind: string; name: string; recipients?: string; url?: string }) {
  const form = page.getByRole("form", { name: "Add alert channel" });
  await form.getByLabel("Kind").selectOption({ label: kind });
  await form.getByLabel("Name").fill(name);
  if (recipients) await form.getByLabel("Recipients").fill(recipients);
  if (url) await form.getByLabel("Webhook URL").fill(url);
  await form.getByRole("button", { name: "Add channel" }).click();
  await expect(page.getByTestId("alert-channel").filter({ hasText: name })).toBeVisible();
}

test("an admin adds channels (the signing secret shown once), sends a test alert that arrives by e-mail, and creates a rule after fixing a refused field", async ({ page }) => {
  test.setTimeout(90_000);
  const suffix = uniqueSuffix();
  const recipient = uniqueEmail("on-call");
  await signIn(page, DEMO_USERS.partnerAdmin.email);
  await openAlerts(page);

  await addChannel(page, { kind: "Signed webhook", name: `Pager ${suffix}`, url: "https://hooks.example.test/storeflow" });
  const secret = page.getByTestId("signing-secret");
  await expect(secret).toHaveText(/^whsec_/);
  await page.getByRole("button", { name: "I have copied it" }).click();
  await expect(secret).toHaveCount(0);
  await page.reload();
  await expect(page.getByText(/whsec_[A-Za-z0-9+/]{10}/)).toHaveCount(0);

  const mailName = `On-call mail ${suffix}`;
  await addChannel(page, { kind: "E-mail", name: mailName, recipients: recipient });
  const mailChannel = page.getByTestId("alert-channel").filter({ hasText: mailName });
  await mailChannel.getByRole("button", { name: `Send test alert to ${mailName}` }).click();
  await expect(page.getByRole("status")).toHaveText(/Test alert queued/);
  // The worker's alert monitor sends it from the outbox within a pass or two.
  await expect(async () => {
    await page.goto(`/dev/outbox?to=${encodeURIComponent(recipient)}`);
    await expect(page.getByText("[Alert] Test alert: this channel is set up").first()).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 60_000 });

  await page.goto("/alerts");
  await page.getByRole("button", { name: "New rule" }).click();
  const form = page.getByRole("form", { name: "New alert rule" });
  await form.getByLabel("Fires when").selectOption({ label: "Failure rate over a window" });
  await form.getByLabel("Failures above (%)").fill("150");
  await form.getByRole("checkbox", { name: new RegExp(mailName) }).check();
  await form.getByRole("button", { name: "Create rule" }).click();
  await expect(form.getByText("Name the rule")).toBeVisible();
  await expect(form.getByText("A whole percentage from 1 to 99")).toBeVisible();

  const ruleName = `Failing workflows ${suffix}`;
  await form.getByLabel("Name").fill(ruleName);
  await form.getByLabel("Failures above (%)").fill("25");
  await form.getByRole("button", { name: "Create rule" }).click();
  const rule = page.getByTestId("alert-rule").filter({ hasText: ruleName });
  await expect(rule).toContainText("More than 25% of runs fail over 1 h (at least 5 runs)");
  await expect(rule).toContainText(`to ${mailName}`);
});

test("an operator sees alerting but cannot change it", async ({ page }) => {
  await signIn(page, DEMO_USERS.partnerOperator.email);
  await openAlerts(page);
  await expect(page.getByRole("heading", { name: "Firing now" })).toBeVisible();
  await expect(page.getByRole("button", { name: "New rule" })).toHaveCount(0);
  await expect(page.getByRole("form", { name: "Add alert channel" })).toHaveCount(0);
});

/** A Shopify connection of a seeded client whose shop does not resolve from here: its health check fails within seconds. */
async function connectFailingShop(page: Page, clientName: string, name: string, suffix: string) {
  await page.goto("/connections");
  await page.getByLabel("Client", { exact: true }).selectOption({ label: clientName });
  await page.getByRole("button", { name: "Connect a system" }).click();
  const form = page.getByRole("form", { name: "Connect a system" });
  await form.getByLabel("System").selectOption({ label: "Shopify" });
  await form.getByLabel("Name").fill(name);
  await form.getByLabel("Shop domain").fill(`${name.toLowerCase().replaceAll(" ", "-")}-${suffix}.myshopify.com`);
  await form.getByLabel("Access token").fill(`shpat_e2e_${suffix}`);
  await form.getByRole("button", { name: "Connect", exact: true }).click();
  await expect(page.getByRole("table", { name: "Connections" }).getByRole("row", { name: new RegExp(name) })).toContainText("Failing", { timeout: 30_000 });
}

test("client users see only their own client's alerts: a viewer reads them, a client admin acknowledges them", async ({ page }) => {
  test.setTimeout(150_000);
  const suffix = uniqueSuffix();
  const peakStore = `Peak shop ${suffix}`;
  const harborStore = `Harbor shop ${suffix}`;
  await signIn(page, DEMO_USERS.partnerAdmin.email);
  await connectFailingShop(page, "Peak Grocers", peakStore, suffix);
  await connectFailingShop(page, "Harbor Outfitters", harborStore, suffix);

  await page.goto("/alerts");
  const mailName = `Store health ${suffix}`;
  await addChannel(page, { kind: "E-mail", name: mailName, recipients: uniqueEmail("store-health") });
  await page.getByRole("button", { name: "New rule" }).click();
  const form = page.getByRole("form", { name: "New alert rule" });
  await form.getByLabel("Name").fill(`Connections failing ${suffix}`);
  await form.getByLabel("Fires when").selectOption({ label: "Connection unhealthy" });
  await form.getByRole("checkbox", { name: new RegExp(mailName) }).check();
  await form.getByRole("button", { name: "Create rule" }).click();
  await expect(page.getByTestId("alert-rule").filter({ hasText: `Connections failing ${suffix}` })).toBeVisible();

  // The worker's alert monitor raises one alert per failing connection within a pass or two.
  const firing = page.getByTestId("open-alert");
  await expect(async () => {
    await page.reload();
    await expect(firing.filter({ hasText: peakStore })).toBeVisible({ timeout: 1000 });
    await expect(firing.filter({ hasText: harborStore })).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 60_000 });
  await page.getByRole("button", { name: "Sign out" }).click();

  // Peak's viewer: Peak's alert, read-only; not Harbor's, and none of the partner's setup.
  await signIn(page, DEMO_USERS.clientViewer.email);
  await openAlerts(page);
  await expect(firing.filter({ hasText: peakStore })).toContainText(`${peakStore} · Peak Grocers`);
  await expect(firing.filter({ hasText: peakStore })).toContainText(`Connections failing ${suffix}`);
  await expect(firing.filter({ hasText: harborStore })).toHaveCount(0);
  await expect(page.getByText("Harbor Outfitters")).toHaveCount(0);
  await expect(page.getByRole("heading", { name: "Rules" })).toHaveCount(0);
  await expect(page.getByRole("heading", { name: "Channels" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: /^(Acknowledge|Snooze)/ })).toHaveCount(0);
  await page.getByRole("button", { name: "Sign out" }).click();

  // Harbor's ops manager: Harbor's alert only, and acknowledges it (but cannot snooze the partner's notifications).
  await signIn(page, DEMO_USERS.clientAdmin.email);
  await openAlerts(page);
  const harborAlert = firing.filter({ hasText: harborStore });
  await expect(harborAlert).toBeVisible();
  await expect(firing.filter({ hasText: peakStore })).toHaveCount(0);
  await expect(harborAlert.getByRole("button", { name: /^Snooze/ })).toHaveCount(0);
  await harborAlert.getByRole("button", { name: `Acknowledge ${harborStore} · Harbor Outfitters` }).click();
  await expect(harborAlert).toContainText("Acknowledged");
  await expect(harborAlert.getByRole("button", { name: /^Acknowledge/ })).toHaveCount(0);
});
