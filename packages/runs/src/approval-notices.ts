import { can, ZRole } from "@storeflow/accounts";
import { type TDb, type TTx, withTenant } from "@storeflow/db";
import { type Mailer } from "@storeflow/mail";
import type pg from "pg";
import { approvalNoticeEmail, type TApprovalNoticeKind } from "./approval-notice-email";
import { type TRunStore } from "./run-store";
import { inTransaction } from "./transaction";

export { type TApprovalNoticeKind } from "./approval-notice-email";

/** One notice one sweep sent about one approval. */
export interface TApprovalNotice {
  kind: TApprovalNoticeKind;
  approvalId: string;
  partnerId: string;
  clientId: string;
  /** Users e-mailed. */
  sentTo: string[];
  /** Users whose e-mail the mailer refused or failed to take. */
  failed: { userId: string; error: unknown }[];
  /** Marked sent on the approval: false only when every e-mail failed, so a later pass tries again. */
  recorded: boolean;
}

/** Options for {@link sweepApprovalNotices}. */
export interface SweepApprovalNoticesOptions {
  /** Its pool (system scope) finds, locks and marks the approvals. */
  store: TRunStore;
  /** storeflow_app client: each approval's people and its partner's brand are read in the partner's own scope. */
  db: TDb;
  mailer: Mailer;
  /** The portal's public URL; each e-mail links to `${portalUrl}/approvals/<id>`. */
  portalUrl: string;
  /** Approvals handled per pass; the rest wait for the next. @defaultValue 50 */
  limit?: number;
}

interface TPeople {
  roles?: string[];
  userIds?: string[];
}

interface TDueApproval {
  id: string;
  partner_id: string;
  client_id: string;
  title: string;
  step_key: string;
  assignees: TPeople;
  escalate_to: TPeople | null;
  expires_at: Date;
  assigned_due: boolean;
  escalated_due: boolean;
  workflow_key: string;
  client_name: string;
  timezone: string;
}

interface TRecipient {
  userId: string;
  email: string;
}

/**
 * Locks the oldest approval with a notice still to send that the run still
 * waits on and nobody has yet decided, skipping those another sweep holds.
 * The first condition is approvals_notice_due_idx's predicate.
 */
async function lockNextDue(db: pg.PoolClient, tried: string[]): Promise<TDueApproval | undefined> {
  const { rows } = await db.query<TDueApproval>({
    name: "runs.approval-notice-due",
    text: `select a.id, a.partner_id, a.client_id, a.title, a.step_key, a.assignees, a.escalate_to, a.expires_at,
             a.notified_at is null as assigned_due,
             a.escalated_at is not null and a.escalation_notified_at is null and a.escalate_to is not null as escalated_due,
             r.workflow_key, c.name as client_name, c.timezone
           from approvals a
           join workflow_runs r on r.id = a.run_id and r.partner_id = a.partner_id and r.client_id = a.client_id
           join clients c on c.id = a.client_id and c.partner_id = a.partner_id
           where a.status = 'pending'
             and (a.notified_at is null or (a.escalated_at is not null and a.escalation_notified_at is null and a.escalate_to is not null))
             and a.expires_at > now() and a.id <> all($1::uuid[])
             and r.status::text = 'running' and r.current_step = a.step_key and r.current_iteration = a.iteration and r.retry_round = a.round
           order by a.created_at
           limit 1
           for update of a skip locked`,
    values: [tried],
  });
  return rows[0];
}

async function markNotified(db: pg.PoolClient, approval: TDueApproval, kinds: TApprovalNoticeKind[]): Promise<void> {
  await db.query({
    name: "runs.approval-notice-mark",
    text: `update approvals set
             notified_at = case when $4 then now() else notified_at end,
             escalation_notified_at = case when $5 then now() else escalation_notified_at end
           where id = $1 and partner_id = $2 and client_id = $3`,
    values: [approval.id, approval.partner_id, approval.client_id, kinds.includes("assigned"), kinds.includes("escalated")],
  });
}

/**
 * The people a step names who may decide in the approval's client: members of
 * its partner (partner-wide) or of the client itself, named by user id or by
 * the role of that membership, whose role may decide approvals at all (a
 * viewer named by id could not). Once each, in membership order.
 */
async function resolveRecipients(tx: TTx, approval: TDueApproval, people: TPeople): Promise<TRecipient[]> {
  const roles = (people.roles ?? []).flatMap((role) => {
    const parsed = ZRole.safeParse(role);
    return parsed.success ? [parsed.data] : [];
  });
  const members = await tx.membership.findMany({
    where: {
      partnerId: approval.partner_id,
      OR: [{ clientId: null }, { clientId: approval.client_id }],
      AND: [{ OR: [{ role: { in: roles } }, { userId: { in: people.userIds ?? [] } }] }],
    },
    orderBy: { createdAt: "asc" },
    select: { role: true, user: { select: { id: true, email: true } } },
  });
  const recipients = new Map<string, TRecipient>();
  for (const { role, user } of members) {
    if (can(role, "approval.decide") && !recipients.has(user.id)) recipients.set(user.id, { userId: user.id, email: user.email });
  }
  return [...recipients.values()];
}

/** Each recipient's e-mail on its own, so one refused address does not keep the notice from the others. */
async function sendEach(mailer: Mailer, recipients: TRecipient[], message: Omit<Parameters<Mailer["send"]>[0], "to">) {
  const sentTo: string[] = [];
  const failed: TApprovalNotice["failed"] = [];
  for (const { userId, email } of recipients) {
    try {
      await mailer.send({ ...message, to: email });
      sentTo.push(userId);
    } catch (error) {
      failed.push({ userId, error });
    }
  }
  return { sentTo, failed };
}

async function notify(approval: TDueApproval, { db, mailer, portalUrl }: SweepApprovalNoticesOptions): Promise<TApprovalNotice[]> {
  const kinds = (["assigned", "escalated"] as const).filter((kind) => approval[`${kind}_due`]);
  const { productName, people } = await withTenant(db, { partnerId: approval.partner_id }, async (tx) => {
    const partner = await tx.partner.findUniqueOrThrow({ where: { id: approval.partner_id }, select: { productName: true } });
    const people: TRecipient[][] = [];
    for (const kind of kinds) people.push(await resolveRecipients(tx, approval, (kind === "assigned" ? approval.assignees : approval.escalate_to) ?? {}));
    return { productName: partner.productName, people };
  });
  const url = `${portalUrl.replace(/\/+$/, "")}/approvals/${approval.id}`;
  const notices: TApprovalNotice[] = [];
  for (const [index, kind] of kinds.entries()) {
    const email = approvalNoticeEmail({
      kind,
      title: approval.title,
      workflowKey: approval.workflow_key,
      stepKey: approval.step_key,
      clientName: approval.client_name,
      timezone: approval.timezone,
      expiresAt: approval.expires_at,
      url,
    });
    const { sentTo, failed } = await sendEach(mailer, people[index]!, { ...email, fromName: productName });
    const recorded = sentTo.length > 0 || failed.length === 0;
    notices.push({ kind, approvalId: approval.id, partnerId: approval.partner_id, clientId: approval.client_id, sentTo, failed, recorded });
  }
  return notices;
}

/**
 * One pass of the approval notice monitor: e-mails the assignees of each
 * pending approval that it waits for them, and escalateTo's people once it is
 * escalated, each notice once, then marks the approval notified. An approval
 * already decided, cancelled, expired (by the clock, even before its step's
 * wake-up applies it) or whose run moved on is never notified.
 *
 * Each approval is handled in its own transaction that holds its row (`for
 * update skip locked`) from before the first e-mail until the mark commits, so
 * sweeps on several workers never send the same notice at once, and a decision
 * on it waits at most for that one approval's e-mails. Delivery is at least
 * once: a crash (or a failed commit) between the e-mails and the mark rolls the
 * mark back, and the next pass sends that notice again.
 *
 * A recipient whose e-mail fails is reported in the notice and not retried,
 * unless every e-mail of the notice failed (the mail transport is likely
 * down): then the notice stays unmarked for a later pass, and this pass moves
 * on to other approvals.
 */
export async function sweepApprovalNotices(options: SweepApprovalNoticesOptions): Promise<TApprovalNotice[]> {
  const { store, limit = 50 } = options;
  const notices: TApprovalNotice[] = [];
  const tried: string[] = [];
  while (tried.length < limit) {
    const handled = await inTransaction(store.pool, async (db) => {
      const approval = await lockNextDue(db, tried);
      if (!approval) return undefined;
      tried.push(approval.id);
      const sent = await notify(approval, options);
      await markNotified(db, approval, sent.filter((notice) => notice.recorded).map((notice) => notice.kind));
      return sent;
    });
    if (!handled) break;
    notices.push(...handled);
  }
  return notices;
}
