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
