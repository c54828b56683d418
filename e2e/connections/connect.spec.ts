import { expect, type Page, test } from "@playwright/test";
import { DEMO_CLIENTS, DEMO_USERS } from "../fixtures/demo-users";
import { withOwnerDb } from "../support/owner-db";
import { signIn } from "../support/session";

// Copying the webhook URL writes to the clipboard, which Chromium allows only with these.
test.use({ permissions: ["clipboard-read", "clipboard-write"] });

const EMPTY_HINT = "Connect this client's Shopify store, POS, ERP or warehouse so workflows can use them.";

function uniqueSuffix(): string {
  return `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}

/** A client of the spec's own, so nothing here depends on what other specs connected. */
async function createClient(page: Page, name: string) {
  await page.goto("/");
  await page.getByRole("button", { name: "New client" }).click();
  const form = page.getByRole("form", { name: "New client" });
  await form.getByLabel("Name").fill(name);
  await form.getByRole("button", { name: "Create client" }).click();
  await expect(page.getByRole("table", { name: "Clients" }).getByRole("row", { name: new RegExp(name) })).toBeVisible();
}

async function openConnections(page: Page, clientName: string) {
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Connections" }).click();
  await expect(page.getByRole("heading", { name: "Connections", level: 1 })).toBeVisible();
  await page.getByLabel("Client", { exact: true }).selectOption({ label: clientName });
}

/** Fills the connect form for Shopify; required labels end in a hidden "*", so labels match by prefix. */
async function fillShopify(page: Page, { name, shopDomain, accessToken, clientSecret }: { name: string; shopDomain: string; accessToken: string; clientSecret?: string }) {
  const form = page.getByRole("form", { name: "Connect a system" });
  await form.getByLabel("System").selectOption({ label: "Shopify" });
  await form.getByLabel("Name").fill(name);
  await form.getByLabel("Shop domain").fill(shopDomain);
  await form.getByLabel("Access token").fill(accessToken);
  if (clientSecret) await form.getByLabel("Client secret").fill(clientSecret);
  return form;
}

test("an admin connects a client's Shopify store: a bad domain is refused on its field, only masked hints come back, the webhook URL is absolute, secrets are replaced and the connection archived", async ({ page }, testInfo) => {
  const suffix = uniqueSuffix();
  const clientName = `Tidewater Goods ${suffix}`;
  const accessToken = `shpat_e2e_${suffix}_first`;
  const clientSecret = `shpss_e2e_${suffix}_hook`;
  const rotatedToken = `shpat_e2e_${suffix}_second`;
  await signIn(page, DEMO_USERS.partnerAdmin.email);
  await createClient(page, clientName);
  await openConnections(page, clientName);
  await expect(page.getByText(EMPTY_HINT)).toBeVisible();

  await page.getByRole("button", { name: "Connect a system" }).click();
  const form = page.getByRole("form", { name: "Connect a system" });
  await expect(form.getByLabel("System")).toBeFocused();
  await form.getByLabel("System").selectOption({ label: "Shopify" });
  await expect(form.getByLabel("API version")).toHaveValue("2026-01");
  const token = form.getByLabel("Access token");
  await expect(token).toHaveAttribute("type", "password");
  await expect(token).toHaveAttribute("autocomplete", "off");
  await expect(token).toHaveValue("");
  await expect(token).toHaveAccessibleDescription(/Stored encrypted; you will not see it again/);

  await fillShopify(page, { name: "Main web store", shopDomain: "tidewater.example.com", accessToken, clientSecret });
  await form.getByRole("button", { name: "Connect", exact: true }).click();
  const domain = form.getByLabel("Shop domain");
  await expect(domain).toHaveAttribute("aria-invalid", "true");
  await expect(domain).toHaveAccessibleDescription(/myshopify\.com domain/);
  await expect(form.getByRole("alert").filter({ hasText: "myshopify.com domain" })).toBeVisible();
  await expect(domain).toBeFocused();
  await expect(page.getByRole("table", { name: "Connections" })).toHaveCount(0);

  await domain.fill(`tidewater-${suffix}.myshopify.com`);
  await domain.press("Enter");
  const table = page.getByRole("table", { name: "Connections" });
  const row = table.getByRole("row", { name: /Main web store/ });
  await expect(row).toContainText("Shopify");
  await expect(row).toContainText(/Not checked yet|Healthy|Failing/);
  await expect(row).toContainText(`••••${accessToken.slice(-4)}`);
  await expect(row).toContainText(`••••${clientSecret.slice(-4)}`);
  await expect(row).toContainText("set just now");
  // One row under the same name: the refused attempt created nothing.
  await expect(table.locator("tbody tr")).toHaveCount(1);
  let html = await page.content();
  expect(html).not.toContain(accessToken);
  expect(html).not.toContain(clientSecret);

  const hook = row.locator("code").filter({ hasText: "/api/hooks/" });
  await expect(hook).toHaveText(/^https?:\/\/[^/]+\/api\/hooks\/[\w-]{20,}$/);
  const hookUrl = new URL((await hook.textContent())!);
  expect(hookUrl.origin).toBe(new URL(page.url()).origin);
  await row.getByRole("button", { name: "Copy webhook URL of Main web store" }).click();
  await expect(row.getByRole("status")).toHaveText("Copied");
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(hookUrl.toString());
  // A worker checks every new connection within seconds and the page shows its verdict without a reload.
  // This shop's domain does not resolve from here, so the verdict is "Failing", with the reason.
  await expect(row).toContainText("Failing", { timeout: 30_000 });
  await expect(row).toContainText("checked just now");
  await row.getByRole("button", { name: "Check now Main web store" }).click();
  await expect(page.getByText("Checking Main web store; the result appears here in a few seconds.")).toBeVisible();
  await expect(row).toContainText("checked just now", { timeout: 30_000 });
  await testInfo.attach("connections-list", { body: await page.screenshot({ fullPage: true }), contentType: "image/png" });

  await row.getByRole("button", { name: "Replace secrets of Main web store" }).click();
  const secrets = page.getByRole("dialog", { name: "Replace secrets of Main web store" });
  const newToken = secrets.getByLabel("Access token");
  await expect(newToken).toBeFocused();
  await expect(newToken).toHaveValue("");
  await secrets.getByRole("button", { name: "Replace secrets" }).click();
  await expect(newToken).toHaveAccessibleDescription(/Access token is required/);
  await newToken.fill(rotatedToken);
  await secrets.getByRole("button", { name: "Replace secrets" }).click();
  await expect(secrets).toHaveCount(0);
  await expect(row).toContainText(`••••${rotatedToken.slice(-4)}`);
  await expect(row).not.toContainText(`••••${accessToken.slice(-4)}`);
  // The set is replaced whole: the optional client secret left empty is gone.
  await expect(row).not.toContainText("Client secret");
  html = await page.content();
  expect(html).not.toContain(rotatedToken);
  expect(html).not.toContain(accessToken);

  await row.getByRole("button", { name: "Rename Main web store" }).click();
  const rename = page.getByRole("dialog", { name: "Rename Main web store" });
  await rename.getByLabel("New name").fill("Flagship web store");
  await rename.getByLabel("New name").press("Enter");
  const renamed = table.getByRole("row", { name: /Flagship web store/ });
  await expect(renamed).toContainText(`••••${rotatedToken.slice(-4)}`);

  await renamed.getByRole("button", { name: "Archive Flagship web store" }).click();
  const confirm = page.getByRole("dialog", { name: "Archive Flagship web store?" });
  await expect(confirm.getByRole("button", { name: "Cancel" })).toBeFocused();
  await confirm.getByRole("button", { name: "Archive connection" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Flagship web store archived." })).toBeVisible();
  await expect(page.getByRole("table", { name: "Connections" })).toHaveCount(0);
  await expect(page.getByText(EMPTY_HINT)).toBeVisible();
  // The URL keeps the client: after a reload the server renders the same, now empty, list.
  await page.reload();
  await expect(page.getByLabel("Client", { exact: true }).locator("option:checked")).toHaveText(clientName);
  await expect(page.getByText(EMPTY_HINT)).toBeVisible();
});

test("an operator sees a client's connections with masked hints but cannot connect, change or archive them", async ({ page }) => {
  const suffix = uniqueSuffix();
  const clientName = `Lantern Supply ${suffix}`;
  const accessToken = `shpat_e2e_${suffix}_operator`;
  await signIn(page, DEMO_USERS.partnerAdmin.email);
  await createClient(page, clientName);
  await openConnections(page, clientName);
  await page.getByRole("button", { name: "Connect a system" }).click();
  const form = await fillShopify(page, { name: "Lantern store", shopDomain: `lantern-${suffix}.myshopify.com`, accessToken });
  await form.getByRole("button", { name: "Connect", exact: true }).click();
  await expect(page.getByRole("table", { name: "Connections" }).getByRole("row", { name: /Lantern store/ })).toBeVisible();
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);

  await signIn(page, DEMO_USERS.partnerOperator.email);
  await openConnections(page, clientName);
  const row = page.getByRole("table", { name: "Connections" }).getByRole("row", { name: /Lantern store/ });
  await expect(row).toContainText(`••••${accessToken.slice(-4)}`);
  await expect(row.getByRole("button", { name: /^Copy webhook URL/ })).toBeVisible();
  await expect(page.getByRole("button", { name: /connect/i })).toHaveCount(0);
  await expect(page.getByRole("button", { name: /^(Rename|Replace secrets|Archive)/ })).toHaveCount(0);
  expect(await page.content()).not.toContain(accessToken);
});

test("a client viewer has no Connections page", async ({ page }) => {
  await signIn(page, DEMO_USERS.clientViewer.email);
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Connections" })).toHaveCount(0);
  await page.goto("/connections");
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole("heading", { level: 1, name: DEMO_CLIENTS.peak.name })).toBeVisible();
});

/**
 * A webhook the relay could not turn into events and runs, as the relay leaves it (one failed attempt, its
 * error, a next try `nextTryIn` away), stored for the connection behind `hookUrl`. Owner connection: set-up.
 */
async function storeFailingWebhook(hookUrl: URL, deliveryId: string, error: string, nextTryIn = "10 minutes") {
  const token = hookUrl.pathname.split("/").pop()!;
  await withOwnerDb((db) =>
    db.query(
      `insert into inbound_webhooks (id, partner_id, client_id, connection_id, delivery_id, event_type, occurred_at, payload, relay_attempts, relay_error, relay_after)
       select gen_random_uuid(), partner_id, client_id, id, $2, 'order.created', now(), '{"id": 1}', 1, $3, now() + $4::interval
       from connections where webhook_token = $1`,
      [token, deliveryId, error, nextTryIn],
    ),
  );
}

/** A new client of the admin's with a Shopify store connected as `store`: its row in the connections table and its webhook URL. */
async function connectNewStore(page: Page, clientPrefix: string, store: string, suffix: string) {
  await signIn(page, DEMO_USERS.partnerAdmin.email);
  await createClient(page, `${clientPrefix} ${suffix}`);
  await openConnections(page, `${clientPrefix} ${suffix}`);
  await page.getByRole("button", { name: "Connect a system" }).click();
  const slug = store.toLowerCase().replace(/\W+/g, "-");
  const form = await fillShopify(page, { name: store, shopDomain: `${slug}-${suffix}.myshopify.com`, accessToken: `shpat_e2e_${suffix}` });
  await form.getByRole("button", { name: "Connect", exact: true }).click();
  const row = page.getByRole("table", { name: "Connections" }).getByRole("row", { name: new RegExp(store) });
  const hook = row.locator("code").filter({ hasText: "/api/hooks/" });
  await expect(hook).toHaveText(/\/api\/hooks\//);
  return { row, hookUrl: new URL((await hook.textContent())!) };
}

test("a connection's webhook that could not start its runs shows with its error, and retrying it now lets the worker's relay process it", async ({ page }) => {
  const suffix = uniqueSuffix();
  const { row, hookUrl } = await connectNewStore(page, "Harbor Provisions", "Harbor store", suffix);
  await expect(row).not.toContainText("not processed");

  await storeFailingWebhook(hookUrl, `failing-${suffix}`, "installation store unreachable");
  await page.reload();
  await expect(row.getByText("1 webhook not processed")).toBeVisible();
  await expect(row).toContainText("Last error: installation store unreachable");
  await expect(row).toContainText(/next try in (9|10) minutes/);

  await row.getByRole("button", { name: "Retry now the webhooks of Harbor store" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Retrying the webhooks of Harbor store." })).toBeVisible();
  // The worker's relay hears of the retry and processes the webhook (no installation of this client takes it, so no run
  // starts), and the page, watching while webhooks fail, drops the panel without a reload.
  await expect(row).not.toContainText("not processed", { timeout: 30_000 });
  await expect(row).toContainText("Harbor store");
});

test("a failing webhook whose backoff ends is processed by the worker's relay, and the open page drops its panel by itself", async ({ page }) => {
  const suffix = uniqueSuffix();
  const { row, hookUrl } = await connectNewStore(page, "Quay Provisions", "Quay store", suffix);

  await storeFailingWebhook(hookUrl, `backing-off-${suffix}`, "installation store unreachable", "8 seconds");
  await page.reload();
  await expect(row.getByText("1 webhook not processed")).toBeVisible();
  // Nobody clicks or reloads: the relay's next look after the backoff takes it, and the page, watching, sees it go.
  await expect(row).not.toContainText("not processed", { timeout: 30_000 });
  await expect(row).toContainText("Quay store");
});
