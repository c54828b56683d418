import { type Page, type TestInfo } from "@playwright/test";

/** A full-page screenshot of what the story shows, kept with the test's results whether it passes or not. */
export async function attachScreenshot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const path = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path, fullPage: true });
  await testInfo.attach(name, { path, contentType: "image/png" });
}
