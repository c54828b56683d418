import { expect, test } from "@playwright/test";
import { DEMO_USERS } from "../fixtures/demo-users";
import { signIn } from "../support/session";
import { setUpFailingInstallation, startFailingRun } from "./failing-runs";

const WORKFLOW = "supplier-invoice-match";
const shortId = (id: string) => id.slice(0, 8);

test("a run that fails while the exception queue is open appears in it without a reload", async ({ page }) => {
  await signIn(page, DEMO_USERS.partnerOwner.email);
  const setup = await setUpFailingInstallation(page, "Live Harbour");
  await page.goto(`/runs/exceptions?client=${setup.clientId}`);
  await expect(page.getByTestId("queue-count")).toHaveText("Nothing waiting");
  await expect(page.getByTestId("live-indicator")).toHaveAttribute("data-status", "live");
  // Survives only if the page is never reloaded.
  await page.evaluate(() => Object.assign(window, { __sameDocument: true }));

  const run = await startFailingRun(page, setup);

  await expect(page.getByTestId("queue-count")).toHaveText("1 failed run waiting");
  await expect(page.getByRole("link", { name: `${WORKFLOW} run ${shortId(run.runId)}` }).first()).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);
});

test("the run detail draws the workflow with each step's status, and Enter on a step shows its attempts", async ({ page }) => {
  await signIn(page, DEMO_USERS.partnerOwner.email);
  const setup = await setUpFailingInstallation(page, "Graph Quay");
  const run = await startFailingRun(page, setup);
  await page.goto(`/runs/${run.runId}`);

  const graph = page.getByTestId("run-graph");
  await expect(graph).toBeVisible();
  const failed = graph.locator('[data-testid="graph-step"][data-step="ack_order"]');
  await expect(failed).toHaveAttribute("data-state", "failed");
  await expect(failed).toContainText("Failed");
  // Steps after the failure were never run, and say so in words.
  await expect(graph.locator('[data-testid="graph-step"][data-state="notReached"]').first()).toContainText("Not run");

  await page.locator('.react-flow__node[data-id="ack_order"]').focus();
  await page.keyboard.press("Enter");
  const selected = page.getByTestId("selected-step");
  await expect(selected.getByRole("heading", { name: "ack_order" })).toBeVisible();
  await expect(selected.getByRole("listitem", { name: "Attempt 1" })).toContainText("Failed");
  await page.screenshot({ path: test.info().outputPath("run-graph.png"), fullPage: true });
});

test("dark mode is remembered and keeps the brand readable", async ({ page }) => {
  await signIn(page, DEMO_USERS.partnerOwner.email);
  await page.getByLabel("Theme").selectOption("dark");
  await expect(page.locator("html")).toHaveClass(/\bdark\b/);
  await page.reload();
  await expect(page.locator("html")).toHaveClass(/\bdark\b/);
  await expect(page.getByLabel("Theme")).toHaveValue("dark");
  // The link colour the brand stylesheet picked for dark mode, on the dark page.
  const linkColour = await page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue("--brand-primary-text").trim());
  expect(linkColour).toMatch(/^#[0-9a-f]{6}$/);
  await page.getByLabel("Theme").selectOption("light");
  await expect(page.locator("html")).not.toHaveClass(/\bdark\b/);
});
