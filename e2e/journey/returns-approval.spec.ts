import { expect, type Page, test } from "@playwright/test";
import { DEMO_PARTNER, DEMO_USERS } from "../fixtures/demo-users";
import { SIM_BUSINESS_CENTRAL, SIM_SHOPIFY, SIM_SQUARE, SIMULATOR_HOST, SIMULATOR_SMTP_PORT } from "../fixtures/simulator";
import { mutate, setUpFailingInstallation } from "../runs/failing-runs";
import { onOrigin, partnerOrigin, PORTAL_ORIGIN } from "../support/partner-host";
import { attachScreenshot } from "../support/screenshots";
import { linkFromOutbox, signIn, uniqueEmail } from "../support/session";
import { postShopifyWebhook, resetSimulator, returnRequestBody, simulatedShop } from "../support/simulator";

/**
 * The journey the portal must always support, as one story on the partner's own host:
 * the partner admin brands the portal, onboards a client (its Shopify, POS, ERP and
 * mailbox from the simulator), installs returns and refunds with an approval threshold;
 * a return over it arrives by Shopify webhook and waits; an operator approves it; the run
 * finishes live and the refund is in the simulated shop; the client's own user sees only
 * their company. Each step builds on the one before, so they run in order and stop at the
 * first failure.
 */
const PARTNER = partnerOrigin(DEMO_PARTNER.slug);
const TEMPLATE = "Returns and refunds";
const APPROVAL = "Review a return before it is refunded";
const SEED_BRAND = { productName: DEMO_PARTNER.productName, primary: "#1f4e79", accent: "#c2410c" };
const BRAND = { primary: "#0f766e", accent: "#7c3aed" };
const suffix = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
const productName = `Northwind Returns Desk ${suffix}`;
const clientName = `Journey Outfitters ${suffix}`;
const clientUser = uniqueEmail("journey-client");
const CLIENT_PASSWORD = "journey-client-passw0rd";
// Seeded order #1001 holds 2 × TEE-BLK-M at 25.00: both back is 50.00, over the threshold of 40.
const THRESHOLD = 40;
const APPROVAL_REASON = "Checked the photos: both tees unworn";

const story: { webhookUrl?: string; runId?: string } = {};
// One browser each for the admin and the operator, signed in once: sign-ins are rate-limited.
let admin: Page;
let operator: Page;

test.use({ baseURL: PARTNER });
test.describe.configure({ mode: "serial" });

async function setBrand(page: Page, brand: { productName: string; primary: string; accent: string }) {
  await page.goto("/settings/brand");
  const form = page.getByRole("form", { name: "Brand settings" });
  await form.getByLabel("Product name").fill(brand.productName);
  await form.getByLabel("Primary colour").fill(brand.primary);
  await form.getByLabel("Accent colour").fill(brand.accent);
  await form.getByRole("button", { name: "Save brand" }).click();
  await expect(form.getByRole("status")).toHaveText("Brand saved.");
}

async function openConnections(page: Page) {
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Connections" }).click();
  await expect(page.getByRole("heading", { name: "Connections", level: 1 })).toBeVisible();
  await page.getByLabel("Client", { exact: true }).selectOption({ label: clientName });
}

/** Opens the connect form, picks the system and names the connection; the caller fills the rest. */
async function startConnecting(page: Page, system: string, name: string) {
  await page.getByRole("button", { name: "Connect a system" }).click();
  const form = page.getByRole("form", { name: "Connect a system" });
  await form.getByLabel("System").selectOption({ label: system });
  await form.getByLabel(/^Name/).fill(name);
  return form;
}

async function finishConnecting(page: Page, form: ReturnType<Page["getByRole"]>, name: string) {
  await form.getByRole("button", { name: "Connect", exact: true }).click();
  const row = page.getByRole("table", { name: "Connections" }).getByRole("row", { name: new RegExp(name) });
  await expect(row).toBeVisible();
  return row;
}

test.beforeAll(async ({ playwright, browser }) => {
  const request = await playwright.request.newContext();
  await resetSimulator(request);
  await request.dispose();
  admin = await browser.newPage({ baseURL: PARTNER });
  operator = await browser.newPage({ baseURL: PARTNER });
});

test.afterAll(async () => {
  // Other specs (sign-in, accessibility) expect the seeded brand.
  await admin.goto("/settings/brand");
  if (new URL(admin.url()).pathname === "/sign-in") await signIn(admin, DEMO_USERS.partnerAdmin.email);
  await setBrand(admin, SEED_BRAND);
  await admin.close();
  await operator.close();
});

test("first, an unknown partner host gets the neutral not-found page, naming no tenant", async ({ page }, testInfo) => {
  const unknown = partnerOrigin(`nosuch-${suffix}`);
  for (const path of ["/sign-in", "/"]) {
    const response = await page.goto(`${unknown}${path}`);
    expect(response!.status(), `${path} on an unknown host`).toBe(404);
    await expect(page.getByText("This page could not be found.")).toBeVisible();
    const html = await response!.text();
    for (const name of [DEMO_PARTNER.name, DEMO_PARTNER.productName, productName, clientName, "Harbor Outfitters", "Peak Grocers"]) expect(html).not.toContain(name);
    expect(html).not.toContain(`--brand-primary:${BRAND.primary}`);
    await expect(page.getByLabel("E-mail")).toHaveCount(0);
  }
  await attachScreenshot(page, testInfo, "unknown-host");
});

test("a. the partner admin signs in on the partner host, and the brand they set is in the server's HTML after a reload", async ({ browser }, testInfo) => {
  // Signed out, in a browser of its own, the partner host alone brands the page.
  const page = await browser.newPage({ baseURL: PARTNER });
  // The first bytes already carry the brand: nothing else can show before it.
  const signInPage = await page.goto("/sign-in");
  const before = await signInPage!.text();
  expect(before).toContain(DEMO_PARTNER.productName);
  expect(before).toContain(`--brand-primary:${SEED_BRAND.primary}`);
  await attachScreenshot(page, testInfo, "sign-in-on-partner-host");
  await page.close();

  await signIn(admin, DEMO_USERS.partnerAdmin.email);
  expect(new URL(admin.url()).origin).toBe(PARTNER);
  await admin.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Settings" }).click();
  await expect(admin.getByRole("heading", { name: "Settings", level: 1 })).toBeVisible();
  await setBrand(admin, { productName, ...BRAND });
  await attachScreenshot(admin, testInfo, "brand-settings");

  const reloaded = await admin.reload();
  const html = await reloaded!.text();
  // Server-rendered: the new brand is in the HTML and no other brand's colours are, so nothing else can flash.
  expect(html).toContain(`--brand-primary:${BRAND.primary}`);
  expect(html).toContain(`--brand-accent:${BRAND.accent}`);
  expect(html).not.toContain(`--brand-primary:${SEED_BRAND.primary}`);
  expect(html).not.toContain("--brand-primary:#2563eb");
  expect(html).toContain(`<title>Settings · ${productName}</title>`);
  await expect(admin.getByRole("banner").getByRole("link", { name: productName })).toBeVisible();
  await expect(admin).toHaveTitle(`Settings · ${productName}`);
  const applied = await admin.evaluate(() => {
    const style = getComputedStyle(document.documentElement);
    return { primary: style.getPropertyValue("--brand-primary").trim(), accent: style.getPropertyValue("--brand-accent").trim() };
  });
  expect(applied).toEqual(BRAND);
  await expect(admin.getByRole("form", { name: "Brand settings" }).getByLabel("Product name")).toHaveValue(productName);

  // Signed out, the sign-in page of this host wears the new brand too.
  const signedOut = await browser.newPage({ baseURL: PARTNER });
  const signInAgain = await signedOut.goto("/sign-in");
  expect(await signInAgain!.text()).toContain(`--brand-primary:${BRAND.primary}`);
  await expect(signedOut.getByText(productName, { exact: true })).toBeVisible();
  await signedOut.close();
});

test("b. the partner admin creates a client", async ({}, testInfo) => {
  const page = admin;
  await page.goto("/");
  await page.getByRole("button", { name: "New client" }).click();
  const form = page.getByRole("form", { name: "New client" });
  await form.getByLabel("Name").fill(clientName);
  await form.getByRole("button", { name: "Create client" }).click();
  await expect(page.getByRole("table", { name: "Clients" }).getByRole("row", { name: new RegExp(clientName) })).toBeVisible();
  await attachScreenshot(page, testInfo, "clients");
});

test("c. the partner admin connects the client's simulated Shopify, POS, ERP and mailbox", async ({}, testInfo) => {
  test.setTimeout(60_000);
  const page = admin;
  await openConnections(page);

  let form = await startConnecting(page, "Shopify", "Web shop");
  await form.getByLabel("Shop domain").fill(SIM_SHOPIFY.shopDomain);
  await form.getByLabel("Base URL").fill(SIM_SHOPIFY.baseUrl);
  await form.getByLabel("Access token").fill(SIM_SHOPIFY.accessToken);
  await form.getByLabel("Client secret").fill(SIM_SHOPIFY.clientSecret);
  const shop = await finishConnecting(page, form, "Web shop");
  const hook = shop.locator("code").filter({ hasText: "/api/hooks/" });
  await expect(hook).toHaveText(/\/api\/hooks\/[\w-]{20,}$/);
  story.webhookUrl = (await hook.textContent())!;

  form = await startConnecting(page, "Square", "Store tills");
  await form.getByLabel("Base URL").fill(SIM_SQUARE.baseUrl);
  await form.getByLabel("Location ID").fill(SIM_SQUARE.locationId);
  await form.getByLabel("Access token").fill(SIM_SQUARE.accessToken);
  await finishConnecting(page, form, "Store tills");

  form = await startConnecting(page, "Business Central", "Finance BC");
  await form.getByLabel("Tenant ID").fill(SIM_BUSINESS_CENTRAL.tenantId);
  await form.getByLabel("Environment").fill(SIM_BUSINESS_CENTRAL.environment);
  await form.getByLabel("Company ID").fill(SIM_BUSINESS_CENTRAL.companyId);
  await form.getByLabel("Base URL").fill(SIM_BUSINESS_CENTRAL.baseUrl);
  await form.getByLabel("Token URL").fill(SIM_BUSINESS_CENTRAL.tokenUrl);
  await form.getByLabel("Client ID").fill(SIM_BUSINESS_CENTRAL.clientId);
  await form.getByLabel("Client secret").fill(SIM_BUSINESS_CENTRAL.clientSecret);
  await finishConnecting(page, form, "Finance BC");

  form = await startConnecting(page, "E-mail (SMTP)", "Customer service");
  await form.getByLabel("Host").fill(SIMULATOR_HOST);
  await form.getByLabel("Port").fill(String(SIMULATOR_SMTP_PORT));
  await form.getByLabel("Require TLS").uncheck();
  await form.getByLabel("From").fill("service@journey-outfitters.example");
  await form.getByLabel("Username").fill("service@journey-outfitters.example");
  await form.getByLabel("Password").fill("smtp-app-password");
  await finishConnecting(page, form, "Customer service");

  // The worker checks each new connection against the simulator: the shop answers.
  await expect(shop).toContainText("Healthy", { timeout: 30_000 });
  await expect(page.getByRole("table", { name: "Connections" }).locator("tbody tr")).toHaveCount(4);
  await attachScreenshot(page, testInfo, "connections");
});

test("d. the partner admin installs returns and refunds for the client through the wizard, with an approval threshold", async ({}, testInfo) => {
  const page = admin;
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Templates" }).click();
  await expect(page.getByRole("heading", { name: "Templates", level: 1 })).toBeVisible();
  const card = page.getByRole("article", { name: TEMPLATE });
  await card.getByRole("button", { name: `Install ${TEMPLATE}` }).click();
  const wizard = page.getByRole("form", { name: `Install ${TEMPLATE}` });
  await wizard.getByLabel(clientName, { exact: true }).check();
  await wizard.getByRole("button", { name: "Next" }).click();

  // One connection of each kind: each binding is already chosen.
  await expect(wizard.getByLabel("Web shop").locator("option:checked")).toHaveText("Web shop");
  await expect(wizard.getByLabel("ERP").locator("option:checked")).toHaveText("Finance BC");
  await expect(wizard.getByLabel("Customer service mailbox").locator("option:checked")).toHaveText("Customer service");
  await wizard.getByRole("button", { name: "Next" }).click();

  await wizard.getByLabel("Return location").fill("1001");
  await wizard.getByLabel("Business Central customer").fill("10000");
  await wizard.getByLabel("Write-off account").fill("54100");
  await wizard.getByLabel("Approval threshold").fill(String(THRESHOLD));
  await wizard.getByLabel("Approver").selectOption("partner_operator");
  await wizard.getByRole("button", { name: "Next" }).click();

  await expect(wizard.getByRole("heading", { name: "Review and install" })).toBeVisible();
  await expect(wizard).toContainText(clientName);
  await attachScreenshot(page, testInfo, "install-review");
  await wizard.getByRole("button", { name: "Install", exact: true }).click();
  await expect(page.getByRole("status").filter({ hasText: `${TEMPLATE} is installed for ${clientName}.` })).toBeVisible();
});

test("e–f. a return over the threshold arrives by signed Shopify webhook and waits in the approvals inbox with its amount", async ({ request }, testInfo) => {
  test.setTimeout(60_000);
  const page = operator;
  const shop = await simulatedShop(request);
  const order = shop.orders.find((o) => o.name === "#1001")!;
  const tees = order.lineItems.find((line) => line.sku === "TEE-BLK-M")!;
  // Node cannot resolve the partner host; the hook's path is the same on the portal's own origin.
  const hookUrl = onOrigin(story.webhookUrl!, PORTAL_ORIGIN);
  expect(await postShopifyWebhook(request, hookUrl, "returns/request", returnRequestBody(order, tees, 2, "Both too small, they do not fit"))).toBe(202);

  await signIn(page, DEMO_USERS.partnerOperator.email);
  await page.goto("/runs/approvals");
  await expect(page.getByRole("heading", { name: "Approvals", level: 1 })).toBeVisible();
  const row = page.getByRole("table", { name: "Approvals waiting for a decision" }).getByRole("row").filter({ hasText: clientName });
  // The worker relays the webhook, starts the run and reaches the review; the inbox refreshes itself.
  await expect(row).toBeVisible({ timeout: 30_000 });
  await expect(row).toContainText(APPROVAL);
  await expect(row).toContainText(`the refund of 50.00 USD is above the approval threshold of ${THRESHOLD}.00 USD`);
  await expect(row).toContainText(/Refund amount\s*50/);
  await expect(row).toContainText(/Order name\s*#1001/);
  // No AI model is set up for the partner: the keyword rules classified the reason, and say why.
  await expect(row).toContainText(/Classification rationale\s*Matched .*for wrong_size/);
  const link = row.getByRole("link", { name: /returns-refunds/ });
  story.runId = (await link.getAttribute("href"))!.split("/").pop();
  expect(story.runId).toMatch(/^[0-9a-f-]{36}$/);
  // Nothing is refunded while it waits.
  expect((await simulatedShop(request)).refunds).toEqual([]);
  await attachScreenshot(page, testInfo, "approvals-inbox");
});

test("g–h. an operator approves with a reason; the run completes live on the admin's open page and the refund is in the simulated shop", async ({ request }, testInfo) => {
  test.setTimeout(60_000);
  // The admin watches the run; the operator decides in their own browser.
  const page = admin;
  await page.goto(`/runs/${story.runId}`);
  await expect(page.getByRole("heading", { name: /returns-refunds/, level: 1 })).toBeVisible();
  const status = page.locator("#run-heading + [aria-live]");
  await expect(status).toHaveText("Running");
  await expect(page.getByTestId("live-indicator")).toHaveAttribute("data-status", "live");
  await attachScreenshot(page, testInfo, "run-waiting");

  await operator.goto("/runs/approvals");
  const row = operator.getByRole("table", { name: "Approvals waiting for a decision" }).getByRole("row").filter({ hasText: clientName });
  await row.getByRole("button", { name: `Approve ${APPROVAL}` }).click();
  const dialog = operator.getByRole("dialog", { name: `Approve “${APPROVAL}”?` });
  await dialog.getByLabel("Reason").fill(APPROVAL_REASON);
  await dialog.getByRole("button", { name: "Approve", exact: true }).click();
  await expect(operator.getByRole("status").filter({ hasText: `Approved “${APPROVAL}”.` })).toBeVisible({ timeout: 15_000 });
  await expect(operator.getByRole("row").filter({ hasText: clientName })).toHaveCount(0);
  await attachScreenshot(operator, testInfo, "approvals-after-decision");

  // No reload: the admin's page hears the run move on and finish.
  await expect(status).toHaveText("Succeeded", { timeout: 30_000 });
  await expect(page.getByRole("list", { name: "Approvals" })).toContainText(`Reason: ${APPROVAL_REASON}`);
  await attachScreenshot(page, testInfo, "run-succeeded");

  const shop = await simulatedShop(request);
  const order = shop.orders.find((o) => o.name === "#1001")!;
  const tees = order.lineItems.find((line) => line.sku === "TEE-BLK-M")!;
  expect(shop.refunds).toHaveLength(1);
  expect(shop.refunds[0]).toMatchObject({ orderId: order.id, lineItems: [expect.objectContaining({ lineItemId: tees.id, quantity: 2 })] });
  expect(order.transactions.filter((t) => t.kind === "REFUND").map((t) => t.amount)).toEqual(["50.00"]);
});

test("i. a client user of that client signs in on the partner host, sees only their company, and another client's run is not found", async ({ browser }, testInfo) => {
  test.setTimeout(60_000);
  // Another client's run, made on the portal's own host (Node reaches it; the partner host it cannot).
  const other = await browser.newPage({ baseURL: PORTAL_ORIGIN });
  await signIn(other, DEMO_USERS.partnerAdmin.email);
  const setup = await setUpFailingInstallation(other, "Other Client");
  const { runId: otherRunId } = await mutate<{ runId: string }>(other, "installation.start", { installationId: setup.installationId, input: { purchaseOrderNumber: `PO-${suffix}` }, correlationKey: `PO-${suffix}` });
  await other.close();

  const page = admin;
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Team" }).click();
  const invite = page.getByRole("form", { name: "Invite someone" });
  await invite.getByLabel("E-mail").fill(clientUser);
  await invite.getByLabel("Role").selectOption({ label: "Client administrator" });
  await invite.getByLabel("Client").selectOption({ label: clientName });
  await invite.getByRole("button", { name: "Send invitation" }).click();
  await expect(invite.getByRole("status")).toHaveText(`Invitation sent to ${clientUser}.`);
  const link = onOrigin(await linkFromOutbox(page, clientUser, /\/invite\//), PARTNER);

  const guest = await browser.newPage({ baseURL: PARTNER });
  await guest.goto(link);
  await expect(guest.getByRole("heading", { name: `Join ${clientName}` })).toBeVisible();
  await guest.getByLabel("Your name").fill("Jo Journey");
  await guest.getByLabel("Choose a password").fill(CLIENT_PASSWORD);
  await guest.getByLabel("Repeat the password").fill(CLIENT_PASSWORD);
  await guest.getByRole("button", { name: "Accept and join" }).click();
  await expect(guest.getByTestId("signed-in-as")).toHaveText(clientUser);
  await guest.getByRole("button", { name: "Sign out" }).click();
  await expect(guest).toHaveURL(`${PARTNER}/sign-in`);

  // Signing in again, through the form, on the partner host.
  await signIn(guest, clientUser, CLIENT_PASSWORD);
  await expect(guest.getByRole("banner").getByRole("link", { name: productName })).toBeVisible();
  // Their home is their company's; no other client of the partner is named anywhere on it.
  await expect(guest.getByRole("heading", { level: 1 })).toHaveText(clientName);
  await attachScreenshot(guest, testInfo, "client-user-home");
  const home = await guest.content();
  for (const name of [setup.clientName, "Harbor Outfitters", "Peak Grocers"]) expect(home).not.toContain(name);

  // Their own run opens; the other client's, by URL, is not found, like a run that does not exist.
  await guest.goto(`/runs/${story.runId}`);
  await expect(guest.getByRole("heading", { name: /returns-refunds/, level: 1 })).toBeVisible();
  const response = await guest.goto(`/runs/${otherRunId}`);
  expect(response!.status()).toBe(404);
  await expect(guest.getByText("This page could not be found.")).toBeVisible();
  // Only the id they typed comes back: nothing of the run or its client.
  const html = await response!.text();
  expect(html).not.toContain(setup.clientName);
  expect(html).not.toContain("supplier-invoice-match");
  await attachScreenshot(guest, testInfo, "other-clients-run-not-found");
  await guest.close();
});
