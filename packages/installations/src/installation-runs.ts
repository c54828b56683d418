import { type TActor } from "@storeflow/accounts";
import { recordAudit } from "@storeflow/audit";
import { type TBindingResolver, type TTriggeringWebhook, type TWebhookRunStarter } from "@storeflow/connections";
import { withTenant } from "@storeflow/db";
import { evaluate } from "@storeflow/engine";
import { ConflictError, NotFoundError } from "@storeflow/errors";
import { startRun, type TQueryable, type TRunStore, type TStepPublisher, type TWorkflowResolver } from "@storeflow/runs";
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { type TEventTrigger } from "./resolve-install";

export const ZStartInstallationRunInput = z.object({
  installationId: z.uuid(),
  input: z.json().default({}),
  /** A business key to find the run by (an order number, a SKU). */
  correlationKey: z.string().trim().min(1).max(200).optional(),
  /** Same key, same run: a form submitted twice starts one. @defaultValue a new key */
  idempotencyKey: z.string().min(1).max(200).optional(),
});

/** Starts a run of an installation by hand, with the input a person gives, and audits it. */
export async function startInstallationRun(
  options: { actor: TActor; store: TRunStore; publisher: TStepPublisher },
  input: z.input<typeof ZStartInstallationRunInput>,
): Promise<{ runId: string; created: boolean }> {
  const { actor, store, publisher } = options;
  const { installationId, input: runInput, correlationKey, idempotencyKey } = ZStartInstallationRunInput.parse(input);
  const installation = await withTenant(actor.db, actor.scope, (tx) =>
    tx.installation.findFirst({ where: { id: installationId }, select: { clientId: true, definitionHash: true, bindings: true, enabled: true, uninstalledAt: true, templateKey: true } }),
  );
  if (!installation) throw new NotFoundError("Installation");
  if (installation.uninstalledAt) throw new ConflictError("This template has been uninstalled");
  if (!installation.enabled) throw new ConflictError("This installation is disabled: enable it to start runs");
  const definition = await store.loadDefinition(actor.scope.partnerId, installation.definitionHash);
  const started = await startRun({
    store,
    publisher,
    scope: { partnerId: actor.scope.partnerId, clientId: installation.clientId },
    definition,
    bindings: Object.keys(installation.bindings as Record<string, string>),
    input: runInput,
    idempotencyKey: `manual:${idempotencyKey ?? randomUUID()}`,
    correlationKey: correlationKey ?? null,
    installationId,
  });
  if (started.created) {
    await withTenant(actor.db, actor.scope, (tx) =>
      recordAudit({ tx, scope: { ...actor.scope, clientId: installation.clientId }, action: "run.started", target: { type: "run", id: started.runId }, data: { installationId, templateKey: installation.templateKey } }),
    );
  }
  return started;
}

/**
 * The worker's view of installations, in the system scope (every statement
 * names the run's tenant): which connection a run's binding stands for, and
 * which workflow an emit step starts.
 */
export function createInstallationResolvers(db: TQueryable): { resolveBinding: TBindingResolver; workflows: TWorkflowResolver } {
  return {
    async resolveBinding(run, binding) {
      const { rows } = await db.query<{ connection_id: string | null }>({
        name: "installations.resolve-binding",
        text: `select i.bindings ->> $4 as connection_id from workflow_runs r
               join installations i on i.id = r.installation_id and i.partner_id = r.partner_id and i.client_id = r.client_id
               where r.id = $1 and r.partner_id = $2 and r.client_id = $3`,
        values: [run.id, run.partnerId, run.clientId, binding],
      });
      return rows[0]?.connection_id ?? undefined;
    },
    workflows: {
      async resolve(partnerId, clientId, workflowKey) {
        const { rows } = await db.query<{ id: string; definition: unknown; bindings: Record<string, string> }>({
          name: "installations.resolve-workflow",
          text: `select i.id, d.definition, i.bindings from installations i
                 join workflow_definitions d on d.partner_id = i.partner_id and d.hash = i.definition_hash
                 where i.partner_id = $1 and i.client_id = $2 and i.template_key = $3 and i.enabled and i.uninstalled_at is null`,
          values: [partnerId, clientId, workflowKey],
        });
        const [row] = rows;
        return row ? { definition: row.definition, bindings: Object.keys(row.bindings), installationId: row.id } : undefined;
      },
    },
  };
}

/**
 * Starts a run of every enabled installation of the webhook's client whose
 * event trigger names its connection and event type. Each run's idempotency
 * key is (installation, delivery), so a relay that publishes a webhook twice
 * starts each run once. Returns how many runs it started.
 */
export function createEventTriggerStarter({ store, publisher }: { store: TRunStore; publisher: TStepPublisher }): TWebhookRunStarter {
  return async function startEventTriggeredRuns(webhook: TTriggeringWebhook): Promise<number> {
    const { rows } = await store.pool.query<{ id: string; definition_hash: string; bindings: Record<string, string>; event_triggers: TEventTrigger[] }>({
      name: "installations.event-triggered",
      text: `select id, definition_hash, bindings, event_triggers from installations
             where partner_id = $1 and client_id = $2 and enabled and uninstalled_at is null and event_triggers @> $3::jsonb`,
      values: [webhook.partnerId, webhook.clientId, JSON.stringify([{ connectionId: webhook.connectionId, event: webhook.eventType }])],
    });
    let started = 0;
    for (const installation of rows) {
      const trigger = installation.event_triggers.find((t) => t.connectionId === webhook.connectionId && t.event === webhook.eventType);
      const input = {
        trigger: "event",
        event: { type: webhook.eventType, deliveryId: webhook.deliveryId, occurredAt: webhook.occurredAt, correlationKey: webhook.correlationKey, payload: webhook.payload },
      };
      const definition = await store.loadDefinition(webhook.partnerId, installation.definition_hash);
      const run = await startRun({
        store,
        publisher,
        scope: { partnerId: webhook.partnerId, clientId: webhook.clientId },
        definition,
        bindings: Object.keys(installation.bindings),
        input,
        idempotencyKey: await eventIdempotencyKey(installation.id, trigger?.idempotencyKey, input, webhook),
        trigger: { kind: "webhook", ref: `${webhook.connectionId}:${webhook.deliveryId}` },
        correlationKey: webhook.correlationKey,
        installationId: installation.id,
      });
      if (run.created) started++;
    }
    return started;
  };
}

/**
 * Per delivery, unless the template names the business event: then two
 * deliveries describing the same milestone (a redelivery under a new id, the
 * same shipment reported by two systems) share a key and start one run. A key
 * expression that yields nothing falls back to the delivery.
 */
async function eventIdempotencyKey(installationId: string, expression: string | undefined, input: unknown, webhook: TTriggeringWebhook): Promise<string> {
  if (expression) {
    const key = await evaluate(expression, { input, steps: {}, run: { id: "", clientId: webhook.clientId } }).catch(() => undefined);
    if (typeof key === "string" && key.length > 0) return `event:${installationId}:${key.slice(0, 300)}`;
  }
  return `webhook:${installationId}:${webhook.deliveryId}`;
}
