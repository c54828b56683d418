import { expect, test } from "@playwright/test";
import { DEMO_USERS } from "../fixtures/demo-users";
import { signIn } from "../support/session";
import { pointAtUnresolvableHost, setUpFailingInstallation, startFailingRun } from "./failing-runs";

const WORKFLOW = "supplier-invoice-match";
const shortId = (id: string) => id.slice(0, 8);

/** The portal's words for triage labels (apps/portal/src/features/runs/run-view.ts). */
const CAUSE_TITLE: Record<string, string> = {
  vendor_unavailable: "System unavailable",
  rate_limited: "Rate limited",
  credentials: "Credentials",
  bad_data: "Bad data",
  configuration: "Configuration",
  business_rule: "Business rule",
  unknown: "Needs a person",
};

test("a failed run waits in the exception queue under its cause; an owner opens it, reads the error and triage, resolves it with a note and it leaves the queue", async ({ page }) => {
  await signIn(page, DEMO_USERS.partnerOwner.email);
  const setup = await setUpFailingInstallation(page, "Quayside Hardware");
  const run = await startFailingRun(page, setup);
  // With the rules, "loopback" (configuration) and the step's own exception (business rule) tie, so a person should look;
  // a partner model (or one just removed, which workers cache for a while) may say otherwise: the screen must show what triage said.
  const cause = CAUSE_TITLE[run.triage.label]!;

  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Runs" }).click();
  await expect(page.getByRole("heading", { name: "Runs", level: 1 })).toBeVisible();
  await page.getByRole("navigation", { name: "Runs" }).getByRole("link", { name: "Exception queue" }).click();
  await expect(page.getByRole("heading", { name: "Exception queue", level: 1 })).toBeVisible();
  await page.getByLabel("Client", { exact: true }).selectOption({ label: setup.clientName });
  await expect(page).toHaveURL(new RegExp(`client=${setup.clientId}`));
  await expect(page.getByTestId("queue-count")).toHaveText("1 failed run waiting");

  const byStep = page.getByRole("table", { name: "Failed runs by workflow and step" });
  await expect(byStep.getByRole("row", { name: new RegExp(`${WORKFLOW} ack_order 1`) })).toBeVisible();
  const group = page.getByRole("region", { name: `${cause} 1 run` });
  const row = group.getByRole("row", { name: new RegExp(shortId(run.runId)) });
  await expect(row).toContainText("ack_order");
  await expect(row).toContainText("is a loopback address");
  await expect(row).toContainText(run.triage.suggestedAction);

  await row.getByRole("link", { name: `${WORKFLOW} run ${shortId(run.runId)}` }).click();
  await expect(page.getByRole("heading", { name: `${WORKFLOW} ${shortId(run.runId)}`, level: 1 })).toBeVisible();
  await expect(page.getByTestId("run-status")).toHaveText("Failed");
  await expect(page.getByTestId("run-error")).toHaveText(/Outbound request to "127\.0\.0\.1" refused: is a loopback address/);
  const triage = page.getByRole("region", { name: `Likely cause: ${cause}` });
  await expect(triage).toContainText(`${Math.round(run.triage.confidence * 100)}%`);
  await expect(triage).toContainText(run.triage.source === "model" ? "Model" : "Rules");
  await expect(triage).toContainText(run.triage.rationale);
  await expect(triage).toContainText(run.triage.suggestedAction);
  await expect(page.getByRole("region", { name: "Summary" })).toContainText(run.purchaseOrderNumber);
  // The failed attempt's error, behind its disclosure.
  const step = page.getByRole("list", { name: "Steps" }).getByRole("listitem", { name: /ack_order/ });
  await expect(step.getByRole("listitem", { name: "Attempt 1" })).toContainText("Failed");
  await step.getByText("Error", { exact: true }).click();
  await expect(step.locator("pre")).toContainText('"retryable": false');

  await page.getByRole("button", { name: `Resolve ${WORKFLOW} run` }).click();
  const dialog = page.getByRole("dialog", { name: "Resolve this run" });
  const note = dialog.getByLabel("What was done about it");
  await expect(note).toBeFocused();
  await dialog.getByRole("button", { name: "Resolve run" }).click();
  await expect(note).toHaveAttribute("aria-invalid", "true");
  await expect(note).toHaveAccessibleDescription(/Write what was done about it/);
  await note.fill("Supplier confirmed PO by phone; acknowledgement filed by hand.");
  await note.press("Tab");
  await dialog.getByRole("button", { name: "Resolve run" }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByRole("status").filter({ hasText: "Run resolved." })).toBeVisible();
  await expect(page.getByTestId("run-status")).toHaveText("Resolved");
  await expect(page.getByRole("region", { name: "Resolved by hand" })).toContainText("Supplier confirmed PO by phone");
  await expect(page.getByRole("button", { name: `Resolve ${WORKFLOW} run` })).toHaveCount(0);

  await page.getByRole("link", { name: "Exception queue" }).click();
  await page.getByLabel("Client", { exact: true }).selectOption({ label: setup.clientName });
  await expect(page.getByRole("heading", { name: `No failed runs for ${setup.clientName}` })).toBeVisible();
  await expect(page.getByRole("link", { name: new RegExp(shortId(run.runId)) })).toHaveCount(0);
});

test("an owner finds a failed run by its order number, retries it from the failed step and sees its status change without a reload", async ({ page }) => {
  await signIn(page, DEMO_USERS.partnerOwner.email);
  const setup = await setUpFailingInstallation(page, "Harbourside Tools");
  const run = await startFailingRun(page, setup);
  await pointAtUnresolvableHost(page, setup);

  await page.goto("/runs");
  const filters = page.getByRole("form", { name: "Filter runs" });
  await filters.getByLabel("Business key").fill(run.purchaseOrderNumber);
  await filters.getByLabel("Failed").check();
  await filters.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(new RegExp(`key=${run.purchaseOrderNumber}`));
  await expect(page).toHaveURL(/status=failed/);
  const runs = page.getByRole("table", { name: "Runs" });
  await expect(runs.locator("tbody tr")).toHaveCount(1);
  const row = runs.getByRole("row", { name: new RegExp(shortId(run.runId)) });
  await expect(row).toContainText("Failed");
  await expect(row).toContainText(setup.clientName);
  await row.getByRole("link", { name: `${WORKFLOW} run ${shortId(run.runId)}` }).click();

  await expect(page.getByTestId("run-status")).toHaveText("Failed");
  await page.getByRole("button", { name: `Retry from failed step ${WORKFLOW} run` }).click();
  const dialog = page.getByRole("dialog", { name: "Retry from ack_order?" });
  await expect(dialog.getByRole("button", { name: "Cancel" })).toBeFocused();
  await dialog.getByRole("button", { name: "Retry", exact: true }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByRole("status").filter({ hasText: "Retrying from ack_order (attempt 2)." })).toBeVisible();
  // The step now fails as retryable and backs off: the run is running for a few seconds, then failed again, all without a reload.
  await expect(page.getByTestId("run-status")).toHaveText("Running");
  await expect(page.getByTestId("run-status")).toHaveText("Failed", { timeout: 15_000 });
  const step = page.getByRole("list", { name: "Steps" }).getByRole("listitem", { name: /ack_order/ }).last();
  await expect(step.getByRole("listitem", { name: "Attempt 2" })).toContainText("Failed");
  await expect(page.getByTestId("run-error")).toContainText("fetch failed");
});
