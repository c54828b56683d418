import { type Browser, expect, test } from "@playwright/test";
import { DEMO_CLIENTS, DEMO_PARTNER, DEMO_USERS } from "../fixtures/demo-users";
import { uniqueSuffix } from "../runs/failing-runs";
import { withOwnerDb } from "../support/owner-db";
import { signIn } from "../support/session";

/**
 * The app shell's banners for unpaid invoices, as each role sees them: the
 * partner's own Storeflow invoice past due (every partner member, with the way
 * to pay for those who may), and a client's invoice to its partner (the client's
 * own users, and the partner staff who bill clients). The cases are stored as
 * the dunning pass leaves them after Stripe's invoice.payment_failed (the
 * billing package's integration tests drive that path); here only what people see.
 */

const DAY_MS = 86_400_000;
// Noon UTC a week and five days out: far from the pass that pauses runs at the end of grace, and from a date boundary.
const partnerGraceEnds = new Date(Math.floor(Date.now() / DAY_MS) * DAY_MS + 7 * DAY_MS + DAY_MS / 2);
const clientGraceEnds = new Date(partnerGraceEnds.getTime() - 2 * DAY_MS);
const day = (at: Date) => at.toLocaleDateString("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });

/** Stores past-due cases for the demo partner and for Harbor; returns what resolves and what removes them. Owner connection: set-up. */
async function storeUnpaidInvoices(suffix: string): Promise<{ hostedUrl: string; resolve: () => Promise<void>; remove: () => Promise<void> }> {
  const hostedUrl = `https://invoice.stripe.test/i/in_e2e_${suffix}`;
  const ids = await withOwnerDb(async (db) => {
    const { rows: [partner] } = await db.query<{ id: string }>("select id from partners where slug = $1", [DEMO_PARTNER.slug]);
    const { rows: [harbor] } = await db.query<{ id: string }>("select id from clients where partner_id = $1 and slug = $2", [partner!.id, DEMO_CLIENTS.harbor.slug]);
    const insert = async (clientId: string | null, payer: "partner" | "client", amountDue: number, currency: string, graceEndsAt: Date) => {
      const { rows } = await db.query<{ id: string }>(
        `insert into dunning_cases (id, partner_id, client_id, payer, status, stripe_invoice_id, stripe_account_id, amount_due, currency, hosted_invoice_url, failed_at, grace_ends_at)
         values (gen_random_uuid(), $1, $2, $3, 'past_due', $4, null, $5, $6, $7, now(), $8) returning id`,
        [partner!.id, clientId, payer, `in_e2e_${payer}_${suffix}`, amountDue, currency, hostedUrl, graceEndsAt],
      );
      return rows[0]!.id;
    };
    return [await insert(null, "partner", 4_900, "usd", partnerGraceEnds), await insert(harbor!.id, "client", 12_000, "eur", clientGraceEnds)];
  });
  return {
    hostedUrl,
    // As the dunning pass marks a case once its invoice is paid.
    resolve: () => withOwnerDb(async (db) => void (await db.query("update dunning_cases set status = 'resolved', resolved_at = now(), updated_at = now() where id = any($1::uuid[])", [ids]))),
    remove: () => withOwnerDb(async (db) => void (await db.query("delete from dunning_cases where id = any($1::uuid[])", [ids]))),
  };
}

/** The shell's banners for `email`, on the overview, in a session of their own. */
async function bannersFor(browser: Browser, email: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, email);
  return { page, banners: page.getByTestId("billing-banner"), close: () => context.close() };
}

test("unpaid invoices show in the shell to whoever they concern, with what happens next and when, and the way to pay for those who may", async ({ browser }) => {
  const unpaid = await storeUnpaidInvoices(uniqueSuffix());
  try {
    const owner = await bannersFor(browser, DEMO_USERS.partnerOwner.email);
    const own = owner.banners.filter({ hasText: "Your Storeflow invoice is past due" });
    await expect(own).toHaveAttribute("role", "status");
    await expect(own).toContainText(`$49.00 is unpaid. Pay it by ${day(partnerGraceEnds)}: after that, runs pause for every client until it is paid.`);
    const pay = own.getByRole("link", { name: "Pay the invoice (opens in a new tab)" });
    await expect(pay).toHaveAttribute("href", unpaid.hostedUrl);
    await expect(pay).toHaveAttribute("target", "_blank");
    // The owner bills clients too: Harbor's unpaid invoice to Northwind, with the first day a client pauses.
    const owing = owner.banners.filter({ hasText: "A client has an unpaid invoice" });
    await expect(owing).toContainText(`${DEMO_CLIENTS.harbor.name}. Their runs pause when their grace period ends (first on ${day(clientGraceEnds)}).`);
    await owner.banners.getByRole("link", { name: "See billing", exact: true }).click();
    await expect(owner.page).toHaveURL((url) => url.pathname === "/billing");
    await expect(owner.banners.first()).toBeVisible();
    await owner.close();

    // An operator's runs pause too, so they are told; paying is the owner's.
    const operator = await bannersFor(browser, DEMO_USERS.partnerOperator.email);
    await expect(operator.banners).toHaveCount(1);
    await expect(operator.banners).toContainText("Ask your partner owner to pay it.");
    await expect(operator.banners.getByRole("link", { name: "See billing", exact: true })).toHaveCount(0);
    await operator.close();

    // Harbor's own user sees Harbor's invoice to its partner, never the partner's to Storeflow.
    const harbor = await bannersFor(browser, DEMO_USERS.clientAdmin.email);
    await expect(harbor.banners).toHaveCount(1);
    await expect(harbor.banners).toContainText(`Your invoice of €120.00 is unpaid. Pay it by ${day(clientGraceEnds)} to keep your workflows running`);
    await expect(harbor.banners.getByRole("link", { name: "Pay the invoice (opens in a new tab)" })).toHaveAttribute("href", unpaid.hostedUrl);
    await harbor.close();

    // Another client's user: nothing of Harbor's, nothing of the partner's.
    const peak = await bannersFor(browser, DEMO_USERS.clientViewer.email);
    await expect(peak.page.getByRole("navigation", { name: "Main" })).toBeVisible();
    await expect(peak.banners).toHaveCount(0);
    await peak.close();

    // Once paid, the cases resolved, the banners are gone.
    await unpaid.resolve();
    const after = await bannersFor(browser, DEMO_USERS.partnerOwner.email);
    await expect(after.page.getByRole("navigation", { name: "Main" })).toBeVisible();
    await expect(after.banners).toHaveCount(0);
    await after.close();
  } finally {
    await unpaid.remove();
  }
});
