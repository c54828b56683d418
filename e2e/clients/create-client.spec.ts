import { expect, test } from "@playwright/test";
import { DEMO_USERS } from "../fixtures/demo-users";
import { signIn } from "../support/session";

test("an admin creates a client with the keyboard; a duplicate name is refused on its field", async ({ page }) => {
  const name = `Coastal Books ${Date.now().toString(36)}`;
  await signIn(page, DEMO_USERS.partnerAdmin.email);
  await page.getByRole("button", { name: "New client" }).click();
  const form = page.getByRole("form", { name: "New client" });
  await expect(form.getByLabel("Name")).toBeFocused();
  await page.keyboard.type(name);
  await form.getByLabel("Time zone").selectOption("Europe/Dublin");
  await form.getByLabel("Name").press("Enter");
  const row = page.getByRole("table", { name: "Clients" }).getByRole("row", { name: new RegExp(name) });
  await expect(row).toContainText("Europe/Dublin");

  await page.getByRole("button", { name: "New client" }).click();
  await form.getByLabel("Name").fill(name);
  await form.getByRole("button", { name: "Create client" }).click();
  await expect(form.getByText("A client with that short name already exists").first()).toBeVisible();
  await expect(page.getByRole("table", { name: "Clients" }).getByRole("row", { name: new RegExp(name) })).toHaveCount(1);
});
