import { expect, type Page, test } from "@playwright/test";
import { DEMO_USERS } from "../fixtures/demo-users";
import { signIn } from "../support/session";

// The real title, from packages/templates/src/supplier-invoice-match/template.ts.
const TEMPLATE = "Supplier PO acknowledgement and three-way invoice match";

function uniqueSuffix(): string {
  return `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}

/** A client of the spec's own, so nothing here depends on what other specs installed. */
async function createClient(page: Page, name: string) {
  await page.goto("/");
  await page.getByRole("button", { name: "New client" }).click();
  const form = page.getByRole("form", { name: "New client" });
  await form.getByLabel("Name").fill(name);
  await form.getByRole("button", { name: "Create client" }).click();
  await expect(page.getByRole("table", { name: "Clients" }).getByRole("row", { name: new RegExp(name) })).toBeVisible();
}

/** Connects a Business Central company for the client through the Connections screen. */
async function connectBusinessCentral(page: Page, clientName: string, connectionName: string) {
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Connections" }).click();
  await expect(page.getByRole("heading", { name: "Connections", level: 1 })).toBeVisible();
  await page.getByLabel("Client", { exact: true }).selectOption({ label: clientName });
  await page.getByRole("button", { name: "Connect a system" }).click();
  const form = page.getByRole("form", { name: "Connect a system" });
  await form.getByLabel("System").selectOption({ label: "Business Central" });
  await form.getByLabel("Name").fill(connectionName);
  await form.getByLabel("Tenant ID").fill("contoso.onmicrosoft.com");
  await form.getByLabel("Environment").fill("Production");
  await form.getByLabel("Company ID").fill("8b5e0a4c-2f1d-4c3b-9a7e-6d5f4e3c2b1a");
  await form.getByLabel("Client ID").fill("e2e-app-registration");
  await form.getByLabel("Client secret").fill(`bc-secret-${uniqueSuffix()}`);
  await form.getByRole("button", { name: "Connect", exact: true }).click();
  await expect(page.getByRole("table", { name: "Connections" }).getByRole("row", { name: new RegExp(connectionName) })).toBeVisible();
}

test("an owner installs the supplier invoice match for a client: a negative tolerance is refused beside its field, then it installs, is disabled and uninstalled", async ({ page }) => {
  const clientName = `Quayside Hardware ${uniqueSuffix()}`;
  await signIn(page, DEMO_USERS.partnerOwner.email);
  await createClient(page, clientName);
  await connectBusinessCentral(page, clientName, "Finance BC");

  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Templates" }).click();
  await expect(page.getByRole("heading", { name: "Templates", level: 1 })).toBeVisible();
  const card = page.getByRole("article", { name: TEMPLATE });
  await expect(card).toContainText("ERP: Business Central");
  await expect(card).toContainText("When started by hand or by another workflow");
  await expect(card.getByRole("term").filter({ hasText: "Runs finish within" })).toBeVisible();
  await expect(card.getByRole("definition").filter({ hasText: "3 days" })).toBeVisible();
  await expect(card).toContainText("Time to acknowledge");
  await card.getByRole("button", { name: `Details of ${TEMPLATE}` }).click();
  const details = page.getByRole("dialog", { name: TEMPLATE });
  await expect(details).toContainText("Three-way match");
  await details.getByRole("button", { name: "Close" }).first().click();
  await expect(details).toHaveCount(0);

  // Step 1: the client.
  await card.getByRole("button", { name: `Install ${TEMPLATE}` }).click();
  const wizard = page.getByRole("form", { name: `Install ${TEMPLATE}` });
  await expect(wizard.getByRole("heading", { name: "Choose clients" })).toBeFocused();
  await wizard.getByRole("button", { name: "Next" }).click();
  await expect(wizard.getByRole("alert")).toHaveText("Choose at least one client");
  await wizard.getByLabel(clientName, { exact: true }).check();
  await wizard.getByRole("button", { name: "Next" }).click();

  // Step 2: the only Business Central connection is chosen for the ERP binding.
  const erp = wizard.getByLabel("ERP");
  await expect(erp.locator("option:checked")).toHaveText("Finance BC");
  await wizard.getByRole("button", { name: "Next" }).click();

  // Step 3: parameters from the template's schema, prefilled with its defaults.
  const tolerance = wizard.getByLabel("Price tolerance (%)");
  await expect(tolerance).toHaveValue("2");
  await expect(wizard.getByLabel("Post matched invoices")).toBeChecked();
  await tolerance.fill("-5");
  await wizard.getByLabel("Acknowledgement deadline (hours)").fill("36");
  await wizard.getByRole("button", { name: "Next" }).click();

  // Step 4: review, then the server refuses the tolerance: back on its field, focused, nothing else lost.
  await expect(wizard.getByRole("heading", { name: "Review and install" })).toBeVisible();
  await expect(wizard).toContainText(clientName);
  await expect(wizard).toContainText("Finance BC");
  await wizard.getByRole("button", { name: "Install", exact: true }).click();
  await expect(tolerance).toBeFocused();
  await expect(tolerance).toHaveAttribute("aria-invalid", "true");
  await expect(tolerance).toHaveAccessibleDescription(/Too small|>=\s*0/);
  await expect(wizard.getByLabel("Acknowledgement deadline (hours)")).toHaveValue("36");

  // Nothing was installed: another tab shows the client's empty list.
  const other = await page.context().newPage();
  await other.goto("/installations");
  await other.getByLabel("Client", { exact: true }).selectOption({ label: clientName });
  await expect(other.getByText(`${clientName} has no templates installed yet`)).toBeVisible();
  await other.close();

  await tolerance.fill("2.5");
  await tolerance.press("Enter");
  await expect(wizard.getByRole("heading", { name: "Review and install" })).toBeFocused();
  await expect(wizard).toContainText("2.5");
  await wizard.getByRole("button", { name: "Install", exact: true }).click();
  const installed = page.getByRole("status").filter({ hasText: `${TEMPLATE} is installed for ${clientName}.` });
  await expect(installed).toBeVisible();
  await installed.getByRole("link", { name: `See ${clientName}'s installations` }).click();

  // Listed for the client, enabled, bound to the connection.
  await expect(page.getByRole("heading", { name: "Installations", level: 1 })).toBeVisible();
  await expect(page.getByLabel("Client", { exact: true }).locator("option:checked")).toHaveText(clientName);
  const item = page.getByRole("article", { name: TEMPLATE });
  await expect(item).toContainText("v1.0.0");
  await expect(item.getByTestId("installation-state")).toHaveText("Enabled");
  await expect(item).toContainText("ERP: Finance BC");
  await expect(page.getByRole("list", { name: `Installations of ${clientName}` }).getByRole("article")).toHaveCount(1);

  // The settings form is the wizard's, prefilled with what was installed.
  await item.getByRole("button", { name: `Change settings of ${TEMPLATE}` }).click();
  const settings = page.getByRole("dialog", { name: `Settings of ${TEMPLATE}` });
  await expect(settings.getByLabel("Price tolerance (%)")).toHaveValue("2.5");
  await expect(settings.getByLabel("Acknowledgement deadline (hours)")).toHaveValue("36");
  await settings.getByRole("button", { name: "Cancel" }).click();
  await expect(settings).toHaveCount(0);

  await item.getByRole("button", { name: `Disable ${TEMPLATE}` }).click();
  await expect(item.getByTestId("installation-state")).toHaveText("Disabled");
  await expect(page.getByRole("status").filter({ hasText: `${TEMPLATE} disabled.` })).toBeVisible();
  await expect(item.getByRole("button", { name: `Enable ${TEMPLATE}` })).toBeVisible();
  await expect(item.getByRole("button", { name: `Run now ${TEMPLATE}` })).toHaveCount(0);

  await item.getByRole("button", { name: `Uninstall ${TEMPLATE}` }).click();
  const confirm = page.getByRole("dialog", { name: `Uninstall ${TEMPLATE}?` });
  await expect(confirm).toContainText("run history and audit trail are kept");
  await expect(confirm.getByRole("button", { name: "Cancel" })).toBeFocused();
  await confirm.getByRole("button", { name: "Uninstall", exact: true }).click();
  await expect(page.getByRole("status").filter({ hasText: `${TEMPLATE} uninstalled. Its run history is kept.` })).toBeVisible();
  await expect(page.getByText(`${clientName} has no templates installed yet`)).toBeVisible();
  await expect(page.getByRole("heading", { name: "Installations", level: 1 })).toBeFocused();
});

test("an admin installs for two clients at once: the one with a Business Central connection gets it, the other is reported with where to connect one; Run now starts a run", async ({ page }) => {
  const suffix = uniqueSuffix();
  const ready = `Harbourside Tools ${suffix}`;
  const bare = `Bare Shelf ${suffix}`;
  await signIn(page, DEMO_USERS.partnerAdmin.email);
  await createClient(page, ready);
  await createClient(page, bare);
  await connectBusinessCentral(page, ready, "Ledger BC");

  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Templates" }).click();
  // Install from the details dialog: it closes into the wizard, which takes focus.
  await page.getByRole("article", { name: TEMPLATE }).getByRole("button", { name: `Details of ${TEMPLATE}` }).click();
  await page.getByRole("dialog", { name: TEMPLATE }).getByRole("button", { name: "Install", exact: true }).click();
  const wizard = page.getByRole("form", { name: `Install ${TEMPLATE}` });
  await expect(page.getByRole("dialog")).toHaveCount(0);
  await expect(wizard.getByRole("heading", { name: "Choose clients" })).toBeFocused();
  await wizard.getByLabel(ready, { exact: true }).check();
  await wizard.getByLabel(bare, { exact: true }).check();
  await wizard.getByRole("button", { name: "Next" }).click();
  // Several clients: no binding step, the server binds each client's only fitting connection.
  await expect(wizard.getByRole("heading", { name: "Set parameters" })).toBeFocused();
  await expect(wizard).toContainText("These parameters apply to all 2 clients");
  await wizard.getByRole("button", { name: "Next" }).click();
  await wizard.getByRole("button", { name: "Install for 2 clients" }).click();

  const results = page.getByRole("list", { name: "Results by client" });
  await expect(page.getByRole("status").filter({ hasText: `${TEMPLATE} is installed for 1 of 2 clients. 1 need attention.` })).toBeVisible();
  const failed = results.getByRole("listitem").filter({ hasText: bare });
  await expect(failed).toContainText("Not installed");
  await expect(failed).toContainText("ERP: Choose the ERP connection (Business Central)");
  await expect(failed.getByRole("link", { name: `Open ${bare}'s connections` })).toHaveAttribute("href", /\/connections\?client=/);
  await expect(results.getByRole("listitem").filter({ hasText: ready })).toContainText("Installed");
  await results.getByRole("link", { name: `See ${ready}'s installations` }).click();

  const item = page.getByRole("article", { name: TEMPLATE });
  await expect(item).toContainText("ERP: Ledger BC");
  await item.getByRole("button", { name: `Run now ${TEMPLATE}` }).click();
  const run = page.getByRole("dialog", { name: `Run ${TEMPLATE} now` });
  await run.getByLabel("Input").fill("{ purchaseOrderNumber: PO-1 }");
  await run.getByRole("button", { name: "Start run" }).click();
  await expect(run.getByLabel("Input")).toHaveAccessibleDescription(/Not valid JSON/);
  await run.getByLabel("Input").fill('{ "purchaseOrderNumber": "PO-1001", "invoiceNumber": "PI-2001" }');
  await run.getByLabel("Business key").fill("PO-1001");
  await run.getByRole("button", { name: "Start run" }).click();
  await expect(run.getByRole("status")).toContainText("Run started.");
  await expect(run.getByTestId("started-run-id")).toHaveText(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  await run.getByRole("button", { name: "Close" }).first().click();
  await expect(run).toHaveCount(0);
});

test("an operator browses templates and installations but cannot install; a client viewer has neither page", async ({ page }) => {
  await signIn(page, DEMO_USERS.partnerOperator.email);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Templates" }).click();
  const card = page.getByRole("article", { name: TEMPLATE });
  await expect(card.getByRole("button", { name: `Details of ${TEMPLATE}` })).toBeVisible();
  await expect(page.getByRole("button", { name: /^Install/ })).toHaveCount(0);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Installations" }).click();
  await expect(page.getByRole("heading", { name: "Installations", level: 1 })).toBeVisible();
  // The main navigation marks the section the page is in, and only that one.
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Installations" })).toHaveAttribute("aria-current", "page");
  await expect(page.getByRole("navigation", { name: "Main" }).locator('[aria-current="page"]')).toHaveCount(1);
  await expect(page.getByRole("link", { name: "Install a template" })).toHaveCount(0);
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);

  await signIn(page, DEMO_USERS.clientViewer.email);
  const nav = page.getByRole("navigation", { name: "Main" });
  await expect(nav.getByRole("link", { name: "Templates" })).toHaveCount(0);
  await expect(nav.getByRole("link", { name: "Installations" })).toHaveCount(0);
  await page.goto("/templates");
  await expect(page).toHaveURL(/\/$/);
  await page.goto("/installations");
  await expect(page).toHaveURL(/\/$/);
});

test("an owner sets the partner's AI model: the key is write-only, only its hint comes back, and removing it says the rules answer", async ({ page }) => {
  const apiKey = `sk-e2e-${uniqueSuffix()}-secret`;
  await signIn(page, DEMO_USERS.partnerOwner.email);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Settings" }).click();
  const form = page.getByRole("form", { name: "AI model settings" });
  await expect(page.getByRole("heading", { name: "AI model" })).toBeVisible();
  await expect(page.getByText("Without a model they use their own rules")).toBeVisible();
  await form.getByLabel("Endpoint").fill("https://models.example/v1");
  await form.getByLabel("Model").fill("gpt-4.1-mini");
  await form.getByRole("button", { name: "Save model" }).click();
  await expect(form.getByLabel("API key")).toHaveAccessibleDescription(/Enter the API key/);
  await expect(form.getByLabel("API key")).toBeFocused();
  await form.getByLabel("API key").fill(apiKey);
  await form.getByRole("button", { name: "Save model" }).click();
  await expect(form.getByRole("status")).toHaveText("AI model saved.");
  const replace = form.getByLabel("Replace key");
  await expect(replace).toHaveValue("");
  await expect(replace).toHaveAttribute("type", "password");
  await expect(replace).toHaveAccessibleDescription(new RegExp(`Current key ••••${apiKey.slice(-4)}`));
  await page.reload();
  await expect(page.getByRole("form", { name: "AI model settings" }).getByLabel("Model")).toHaveValue("gpt-4.1-mini");
  await expect(page.getByRole("form", { name: "AI model settings" }).getByLabel("Replace key")).toHaveValue("");
  expect(await page.content()).not.toContain(apiKey);

  await page.getByRole("button", { name: "Remove model" }).click();
  const confirm = page.getByRole("dialog", { name: "Remove the AI model?" });
  await confirm.getByRole("button", { name: "Remove model" }).click();
  await expect(page.getByRole("status").filter({ hasText: "AI model removed; ai.classify steps use their rules." })).toBeVisible();
  await expect(page.getByRole("form", { name: "AI model settings" }).getByLabel("API key")).toBeVisible();
});
