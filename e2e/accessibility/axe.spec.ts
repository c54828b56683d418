import AxeBuilder from "@axe-core/playwright";
import { type Browser, expect, type Page, test, type TestInfo } from "@playwright/test";
import { DEMO_CLIENTS, DEMO_PARTNER, DEMO_USERS } from "../fixtures/demo-users";
import { setUpFailingInstallation, startFailingRun } from "../runs/failing-runs";
import { signIn } from "../support/session";

/**
 * axe-core over the main pages of the portal, as the demo partner admin: once under the
 * demo brand, once under a brand whose colours are far too light to carry text (the portal
 * must pick readable foregrounds itself), and in dark mode. Serious and critical violations
 * fail; a full-page screenshot of every page lands in this test's output folder.
 */
const MAIN_PAGES = [
  // A partner member's overview is headed with the partner's name.
  { path: "/", heading: DEMO_PARTNER.name },
  { path: "/connections", heading: "Connections" },
  { path: "/templates", heading: "Templates" },
  { path: "/installations", heading: "Installations" },
  { path: "/runs", heading: "Runs" },
  { path: "/runs/exceptions", heading: "Exception queue" },
  { path: "/runs/approvals", heading: "Approvals" },
  { path: "/sla", heading: "Service levels" },
  { path: "/alerts", heading: "Alerts" },
  { path: "/team", heading: "Team" },
  { path: "/settings/brand", heading: "Settings" },
  { path: "/audit", heading: "Audit log" },
  { path: "/billing", heading: "Billing" },
  { path: "/billing/clients", heading: "Client billing" },
];

/** prisma/seed.ts's Northwind colours, put back after the low-contrast pass. */
const DEMO_BRAND_COLOURS = { primary: "#1f4e79", accent: "#c2410c" };
/** Pale yellow on a white page: no text in these colours would pass, so every foreground must be derived. */
const LOW_CONTRAST_COLOURS = { primary: "#ffff66", accent: "#ffffcc" };

const BLOCKING_IMPACTS = new Set(["serious", "critical"]);
// Each pass visits a dozen pages and runs axe on each, well beyond the 30 s default.
const PASS_TIMEOUT_MS = 240_000;

type TFinding = { page: string; id: string; impact: string; help: string; targets: string[] };

async function auditPage(page: Page, testInfo: TestInfo, label: string, target: { path: string; heading: string | RegExp }): Promise<TFinding[]> {
  await page.goto(target.path);
  // A redirect would mean the admin lost access and axe audited the wrong page.
  expect(new URL(page.url()).pathname).toBe(target.path);
  await expect(page.getByRole("heading", { level: 1, name: target.heading })).toBeVisible();
  // Client components fetch after the first paint; let their loading states settle.
  await expect(page.locator('[aria-busy="true"]')).toHaveCount(0);
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
  const slug = target.path === "/" ? "home" : target.path.slice(1).replace(/\//g, "-");
  const screenshot = testInfo.outputPath(`${label}-${slug}.png`);
  await page.screenshot({ path: screenshot, fullPage: true });
  await testInfo.attach(`${label} ${target.path}`, { path: screenshot, contentType: "image/png" });
  return results.violations
    .filter((violation) => BLOCKING_IMPACTS.has(violation.impact ?? ""))
    .map((violation) => ({
      page: target.path,
      id: violation.id,
      impact: violation.impact ?? "",
      help: violation.help,
      targets: violation.nodes.map((node) => `${node.target.join(" ")}${node.failureSummary ? ` — ${node.failureSummary.replace(/\s+/g, " ")}` : ""}`),
    }));
}

function describeFindings(findings: TFinding[]): string {
  return findings.map((f) => `${f.page}: [${f.impact}] ${f.id} (${f.help})\n${f.targets.map((t) => `    ${t}`).join("\n")}`).join("\n");
}

async function auditAll(page: Page, testInfo: TestInfo, label: string) {
  const findings: TFinding[] = [];
  for (const target of MAIN_PAGES) findings.push(...(await auditPage(page, testInfo, label, target)));
  expect(findings, `serious or critical axe violations:\n${describeFindings(findings)}`).toEqual([]);
}

async function useTheme(page: Page, theme: "light" | "dark") {
  await page.getByLabel("Theme").selectOption(theme);
  if (theme === "dark") await expect(page.locator("html")).toHaveClass(/\bdark\b/);
  else await expect(page.locator("html")).not.toHaveClass(/\bdark\b/);
}

/** Through the settings form, as a partner admin would, so the server's validation applies too. */
async function setBrandColours(page: Page, colours: { primary: string; accent: string }) {
  await page.goto("/settings/brand");
  const form = page.getByRole("form", { name: "Brand settings" });
  await form.getByLabel("Primary colour").fill(colours.primary);
  await form.getByLabel("Accent colour").fill(colours.accent);
  await form.getByRole("button", { name: "Save brand" }).click();
  await expect(form.getByRole("status")).toHaveText("Brand saved.");
}

async function restoreDemoBrand(browser: Browser) {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await signIn(page, DEMO_USERS.partnerAdmin.email);
    await setBrandColours(page, DEMO_BRAND_COLOURS);
  } finally {
    await context.close();
  }
}

test("the main pages have no serious or critical axe violations under the demo brand", async ({ page }, testInfo) => {
  test.setTimeout(PASS_TIMEOUT_MS);
  await signIn(page, DEMO_USERS.partnerAdmin.email);
  await useTheme(page, "light");
  await auditAll(page, testInfo, "demo");
});

test("the runs page has no serious or critical axe violations in dark mode", async ({ page }, testInfo) => {
  await signIn(page, DEMO_USERS.partnerAdmin.email);
  await useTheme(page, "dark");
  const findings = [
    ...(await auditPage(page, testInfo, "dark", { path: "/runs", heading: "Runs" })),
    ...(await auditPage(page, testInfo, "dark", { path: "/settings/brand", heading: "Settings" })),
  ];
  expect(findings, `serious or critical axe violations:\n${describeFindings(findings)}`).toEqual([]);
});

test("record pages (a run, a client, the approvals inbox) have no serious or critical axe violations, in light and dark mode", async ({ page }, testInfo) => {
  test.setTimeout(PASS_TIMEOUT_MS);
  await signIn(page, DEMO_USERS.partnerAdmin.email);
  // A failed, triaged run of a client of this spec's own: the richest run page (failure, triage, graph, attempts).
  const setup = await setUpFailingInstallation(page, "Axe Harbour");
  const run = await startFailingRun(page, setup);
  const RECORD_PAGES = [
    { path: `/runs/${run.runId}`, heading: /^supplier-invoice-match/ },
    { path: `/clients/${setup.clientId}`, heading: setup.clientName },
    { path: "/runs/approvals", heading: "Approvals" },
  ];
  const findings: TFinding[] = [];
  for (const theme of ["light", "dark"] as const) {
    await useTheme(page, theme);
    for (const target of RECORD_PAGES) findings.push(...(await auditPage(page, testInfo, `record-${theme}`, target)));
  }
  expect(findings, `serious or critical axe violations:\n${describeFindings(findings)}`).toEqual([]);
});

test("a client user's home and approvals inbox have no serious or critical axe violations", async ({ page }, testInfo) => {
  await signIn(page, DEMO_USERS.clientAdmin.email);
  await useTheme(page, "light");
  const findings = [
    ...(await auditPage(page, testInfo, "client-user", { path: "/", heading: DEMO_CLIENTS.harbor.name })),
    ...(await auditPage(page, testInfo, "client-user", { path: "/runs/approvals", heading: "Approvals" })),
  ];
  expect(findings, `serious or critical axe violations:\n${describeFindings(findings)}`).toEqual([]);
});

test.describe("under a deliberately low-contrast brand", () => {
  // Every other spec expects the seeded brand; put it back even if a pass fails or times out.
  test.afterAll(async ({ browser }) => restoreDemoBrand(browser));

  test("the main pages still have no serious or critical axe violations, in light and dark mode", async ({ page }, testInfo) => {
    test.setTimeout(PASS_TIMEOUT_MS);
    await signIn(page, DEMO_USERS.partnerAdmin.email);
    await useTheme(page, "light");
    await setBrandColours(page, LOW_CONTRAST_COLOURS);
    await page.reload();
    // The layout's brand stylesheet now carries the pale primary as the brand surface.
    expect(await page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue("--brand-primary").trim().toLowerCase())).toBe(LOW_CONTRAST_COLOURS.primary);
    await auditAll(page, testInfo, "low-contrast");

    await useTheme(page, "dark");
    const darkFindings = [
      ...(await auditPage(page, testInfo, "low-contrast-dark", { path: "/runs", heading: "Runs" })),
      ...(await auditPage(page, testInfo, "low-contrast-dark", { path: "/settings/brand", heading: "Settings" })),
    ];
    expect(darkFindings, `serious or critical axe violations:\n${describeFindings(darkFindings)}`).toEqual([]);
  });
});
