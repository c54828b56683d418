import { expect, test } from "@playwright/test";
import { DEMO_CLIENTS, DEMO_PARTNER, DEMO_USERS } from "../fixtures/demo-users";
import { query, setUpFailingInstallation, startFailingRun } from "../runs/failing-runs";
import { signIn } from "../support/session";

const shortId = (id: string) => id.slice(0, 8);

test("partner staff see every client at a glance, and a failing client's page lists its failed run", async ({ page }) => {
  await signIn(page, DEMO_USERS.partnerOwner.email);
  const setup = await setUpFailingInstallation(page, "Glance Wharf");
  const run = await startFailingRun(page, setup);

  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1, name: DEMO_PARTNER.name })).toBeVisible();
  const table = page.getByRole("table", { name: "Clients" });
  for (const column of ["Health", "SLA, 7 days", "Failed today", "Open exceptions", "Running"]) await expect(table.getByRole("columnheader", { name: column })).toBeVisible();
  const row = table.getByRole("row", { name: new RegExp(setup.clientName) });
  await expect(row).toContainText("Needs attention");
  await expect(row.getByRole("link", { name: `1 open exceptions of ${setup.clientName}` })).toHaveAttribute("href", `/runs/exceptions?client=${setup.clientId}`);

  await row.getByRole("link", { name: setup.clientName, exact: true }).click();
  await expect(page).toHaveURL(`/clients/${setup.clientId}`);
  await expect(page.getByRole("heading", { level: 1, name: setup.clientName })).toBeVisible();
  await expect(page.getByTestId("client-health")).toHaveText("Needs attention");
  await expect(page.getByTestId("client-today")).toContainText(/Failed today\s*1/);
  await expect(page.getByTestId("client-today")).toContainText(/Open exceptions\s*1/);
  const failed = page.getByRole("list", { name: "Failed runs waiting" });
  await failed.getByRole("link", { name: `supplier-invoice-match ${shortId(run.runId)}` }).click();
  await expect(page).toHaveURL(`/runs/${run.runId}`);
});

test("a client user's home is their own client's day, with nothing of the partner's other clients or settings", async ({ page, browser }) => {
  // Another client's id, read as partner staff: the client user must not reach it.
  const staff = await browser.newPage();
  await signIn(staff, DEMO_USERS.partnerAdmin.email);
  const clients = await query<{ id: string; name: string }[]>(staff, "client.list", {});
  const peak = clients.find((c) => c.name === DEMO_CLIENTS.peak.name)!;
  await staff.close();

  await signIn(page, DEMO_USERS.clientAdmin.email);
  await expect(page.getByRole("heading", { level: 1, name: DEMO_CLIENTS.harbor.name })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Today" })).toBeVisible();
  const today = page.getByTestId("client-today");
  for (const tile of ["SLA attainment", "Succeeded today", "Failed today", "Running now", "Open exceptions", "Approvals waiting"]) await expect(today).toContainText(tile);
  await expect(page.getByRole("heading", { name: "Failed runs waiting" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Approvals waiting for you" })).toBeVisible();
  await expect(page.getByRole("link", { name: "SLA dashboard" })).toHaveAttribute("href", /\/clients\/[0-9a-f-]{36}\/sla$/);
  // Nothing partner-internal: no clients table, no other client, no partner settings.
  await expect(page.getByRole("table", { name: "Clients" })).toHaveCount(0);
  await expect(page.getByText(DEMO_CLIENTS.peak.name)).toHaveCount(0);
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Settings" })).toHaveCount(0);

  const response = await page.goto(`/clients/${peak.id}`);
  expect(response!.status()).toBe(404);
  expect(await response!.text()).not.toContain(DEMO_CLIENTS.peak.name);

  await page.goto("/runs/approvals");
  await expect(page.getByRole("heading", { level: 2, name: "Waiting for you" })).toBeVisible();
});
