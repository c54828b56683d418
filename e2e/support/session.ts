import { expect, type Page } from "@playwright/test";
import { DEMO_PASSWORD } from "../fixtures/demo-users";

/** Signs in through the real form, with the keyboard, and waits for the app shell. */
export async function signIn(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.goto("/sign-in");
  await page.getByLabel("E-mail", { exact: true }).fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByLabel("Password", { exact: true }).press("Enter");
  await expect(page.getByTestId("signed-in-as")).toHaveText(email);
}

/** The newest outbox link sent to `email` that matches `pattern`. */
export async function linkFromOutbox(page: Page, email: string, pattern: RegExp): Promise<string> {
  await page.goto(`/dev/outbox?to=${encodeURIComponent(email)}`);
  const link = page.getByTestId("mail-body").first().getByRole("link").filter({ hasText: pattern });
  await expect(link).toBeVisible();
  return (await link.getAttribute("href"))!;
}

export function uniqueEmail(label: string): string {
  return `${label}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}@e2e.test`;
}
