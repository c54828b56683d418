import { can, isClientRole, type TRole } from "@storeflow/accounts";
import { type RouterOutputs } from "@storeflow/api";
import { Alert, AlertDescription, AlertTitle } from "@storeflow/ui";
import Link from "next/link";
import { formatDay } from "./billing-format";
import { formatMoney } from "@storeflow/billing/money";

type TStanding = RouterOutputs["clientBilling"]["standing"];
type TCase = NonNullable<TStanding["partner"]>;

// Links inherit the alert's own colour: the alert's tokens are contrast-checked, a brand colour may not be.
const bannerLink = "font-medium underline underline-offset-4 focus-visible:outline-2 focus-visible:outline-ring";

function PayLink({ unpaid, label }: { unpaid: TCase; label: string }) {
  return unpaid.hostedInvoiceUrl ? (
    <a href={unpaid.hostedInvoiceUrl} target="_blank" rel="noreferrer" className={bannerLink}>
      {label}<span className="sr-only"> (opens in a new tab)</span>
    </a>
  ) : null;
}

function PartnerBanner({ unpaid, role }: { unpaid: TCase; role: TRole }) {
  const amount = formatMoney(unpaid.amountDue, unpaid.currency);
  const next = can(role, "billing.read") ? <Link href="/billing" className={bannerLink}>See billing</Link> : <span>Ask your partner owner to pay it.</span>;
  if (unpaid.status === "paused") {
    return (
      <Alert variant="danger" data-testid="billing-banner">
        <AlertTitle>Runs are paused for every client</AlertTitle>
        <AlertDescription>
          <p>Your Storeflow invoice of {amount} is still unpaid, so no workflow runs since {formatDay(unpaid.pausedAt ?? unpaid.graceEndsAt)}. Queued runs are kept and start as soon as it is paid. <PayLink unpaid={unpaid} label="Pay the invoice" /> {next}</p>
        </AlertDescription>
      </Alert>
    );
  }
  return (
    <Alert variant="warning" role="status" data-testid="billing-banner">
      <AlertTitle>Your Storeflow invoice is past due</AlertTitle>
      <AlertDescription>
        <p>{amount} is unpaid. Pay it by {formatDay(unpaid.graceEndsAt)}: after that, runs pause for every client until it is paid. <PayLink unpaid={unpaid} label="Pay the invoice" /> {next}</p>
      </AlertDescription>
    </Alert>
  );
}

function ClientUserBanner({ unpaid }: { unpaid: TStanding["clients"][number] }) {
  const amount = formatMoney(unpaid.amountDue, unpaid.currency);
  if (unpaid.status === "paused") {
    return (
      <Alert variant="danger" data-testid="billing-banner">
        <AlertTitle>Your workflows are paused</AlertTitle>
        <AlertDescription>
          <p>Your invoice of {amount} is unpaid, so runs for {unpaid.clientName} have waited since {formatDay(unpaid.pausedAt ?? unpaid.graceEndsAt)}. Nothing is lost: they start again once it is paid. <PayLink unpaid={unpaid} label="Pay the invoice" /></p>
        </AlertDescription>
      </Alert>
    );
  }
  return (
    <Alert variant="warning" role="status" data-testid="billing-banner">
      <AlertTitle>An invoice is past due</AlertTitle>
      <AlertDescription>
        <p>Your invoice of {amount} is unpaid. Pay it by {formatDay(unpaid.graceEndsAt)} to keep your workflows running; after that, runs pause until it is paid. <PayLink unpaid={unpaid} label="Pay the invoice" /></p>
      </AlertDescription>
    </Alert>
  );
}

function ClientsOwingBanner({ owing }: { owing: TStanding["clients"] }) {
  const waiting = owing.filter((c) => c.status !== "paused");
  const paused = owing.length - waiting.length;
  const names = owing.map((c) => c.clientName).join(", ");
  // The next pause is the earliest grace end of those still running, not of those already paused.
  const nextPause = waiting.length > 0 ? waiting.reduce((first, c) => (c.graceEndsAt < first ? c.graceEndsAt : first), waiting[0]!.graceEndsAt) : null;
  return (
    <Alert variant="warning" role="status" data-testid="billing-banner">
      <AlertTitle>{owing.length === 1 ? "A client has an unpaid invoice" : `${owing.length} clients have unpaid invoices`}</AlertTitle>
      <AlertDescription>
        <p>
          {names}. {paused > 0 ? `${paused} already paused until paid. ` : ""}
          {nextPause ? `${paused > 0 ? "The others" : "Their runs"} pause when their grace period ends (first on ${formatDay(nextPause)}). ` : ""}
          <Link href="/billing/clients" className={bannerLink}>See client billing</Link>
        </p>
      </AlertDescription>
    </Alert>
  );
}

/**
 * The app shell's dunning banners: the partner's own unpaid platform invoice
 * (every partner member: their runs pause too), unpaid client invoices (staff
 * who bill clients), and a client user's own unpaid invoice. Each says what
 * happens next and when. Row-level security already narrows `standing` to
 * what the viewer may see; roles only choose the wording.
 */
export function BillingBanners({ standing, role }: { standing: TStanding; role: TRole }) {
  if (isClientRole(role)) {
    if (standing.clients.length === 0) return null;
    return <div className="space-y-2">{standing.clients.map((unpaid) => <ClientUserBanner key={unpaid.id} unpaid={unpaid} />)}</div>;
  }
  const owing = can(role, "clientBilling.manage") ? standing.clients : [];
  if (!standing.partner && owing.length === 0) return null;
  return (
    <div className="space-y-2">
      {standing.partner ? <PartnerBanner unpaid={standing.partner} role={role} /> : null}
      {owing.length > 0 ? <ClientsOwingBanner owing={owing} /> : null}
    </div>
  );
}

