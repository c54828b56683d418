import { expect, test } from "@playwright/test";
import { DEMO_USERS } from "../fixtures/demo-users";
import { signIn } from "../support/session";
import { mutate, pointAtUnresolvableHost, setUpFailingInstallation, uniqueSuffix } from "./failing-runs";

test("a running run's detail shows each step attempt as it settles and the failure, live, without a reload", async ({ page }) => {
  await signIn(page, DEMO_USERS.partnerOwner.email);
  const setup = await setUpFailingInstallation(page, "Live Detail Pier");
  // Retryable failures: the run stays running through a few attempts before it fails.
  await pointAtUnresolvableHost(page, setup);
  const purchaseOrderNumber = `PO-${uniqueSuffix()}`;
  const { runId } = await mutate<{ runId: string }>(page, "installation.start", { installationId: setup.installationId, input: { purchaseOrderNumber }, correlationKey: purchaseOrderNumber });

  await page.goto(`/runs/${runId}`);
  await expect(page.getByTestId("live-indicator")).toHaveAttribute("data-status", "live");
  // Survives only if the page is never reloaded.
  await page.evaluate(() => Object.assign(window, { __sameDocument: true }));
  const header = page.getByRole("article").locator("header");

  const steps = page.getByRole("list", { name: "Steps" });
  await expect(steps.getByRole("listitem", { name: "Attempt 2" })).toBeVisible({ timeout: 20_000 });
  await expect(header.getByText("Failed", { exact: true })).toBeVisible({ timeout: 20_000 });
  await expect(page.getByTestId("run-error")).not.toBeEmpty();
  expect(await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);
});
