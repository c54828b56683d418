import {
  archiveConnection,
  createConnection,
  getConnection,
  listConnections,
  replaceConnectionSecrets,
  requestConnectionCheck,
  retryFailingWebhooks,
  updateConnection,
  ZConnectionDto,
  ZConnectionIdInput,
  ZCreateConnectionInput,
  ZListConnectionsInput,
  ZReplaceConnectionSecretsInput,
  ZUpdateConnectionInput,
} from "@storeflow/connections";
import { z } from "zod";
import { ZConnectorDto } from "../dto";
import { createTRPCRouter, partnerProcedure } from "../trpc";
import { describeConnectors } from "../connections/describe-connectors";

const sampleSecrets = { apiKey: "sample-api-key-0001", webhookSecret: "sample-webhook-secret" };

/** A client's systems: connect once with secrets typed once, then only hints come back. */
export const connectionRouter = createTRPCRouter({
  connectors: partnerProcedure("connection.read")
    .meta({ sample: () => ({}) })
    .input(z.object({}).default({}))
    .output(z.array(ZConnectorDto))
    .query(({ ctx }) => describeConnectors(ctx.connectors)),

  list: partnerProcedure("connection.read")
    .meta({ sample: (t) => ({ clientId: t.clientId }) })
    .input(ZListConnectionsInput)
    .output(z.array(ZConnectionDto))
    .query(({ ctx, input }) => listConnections({ actor: ctx.actor, catalog: ctx.connectors, input })),

  get: partnerProcedure("connection.read")
    .meta({ sample: (t) => ({ id: t.connectionId }) })
    .input(ZConnectionIdInput)
    .output(ZConnectionDto)
    .query(({ ctx, input }) => getConnection({ actor: ctx.actor, catalog: ctx.connectors, input })),

  create: partnerProcedure("connection.manage")
    .meta({ sample: (t) => ({ clientId: t.clientId, connectorKey: "signed-test", name: `Store ${t.clientId.slice(-6)}`, config: { storeName: "Flagship" }, secrets: sampleSecrets }) })
    .input(ZCreateConnectionInput)
    .output(ZConnectionDto)
    .mutation(({ ctx, input }) => createConnection({ actor: ctx.actor, catalog: ctx.connectors, ring: ctx.keyRing, input })),

  update: partnerProcedure("connection.manage")
    .meta({ sample: (t) => ({ id: t.connectionId, name: "Renamed store" }) })
    .input(ZUpdateConnectionInput)
    .output(ZConnectionDto)
    .mutation(({ ctx, input }) => updateConnection({ actor: ctx.actor, catalog: ctx.connectors, input })),

  replaceSecrets: partnerProcedure("connection.manage")
    .meta({ sample: (t) => ({ id: t.connectionId, secrets: sampleSecrets }) })
    .input(ZReplaceConnectionSecretsInput)
    .output(ZConnectionDto)
    .mutation(({ ctx, input }) => replaceConnectionSecrets({ actor: ctx.actor, catalog: ctx.connectors, ring: ctx.keyRing, input })),

  /** Ask the workers to check the connection now; its health shows up within seconds. */
  check: partnerProcedure("connection.manage")
    .meta({ sample: (t) => ({ id: t.connectionId }) })
    .input(ZConnectionIdInput)
    .output(ZConnectionDto)
    .mutation(({ ctx, input }) => requestConnectionCheck({ actor: ctx.actor, catalog: ctx.connectors, input })),

  /** Retry now the connection's webhooks that could not start their runs, rather than at the end of their backoff. */
  retryWebhooks: partnerProcedure("connection.manage")
    .meta({ sample: (t) => ({ id: t.connectionId }) })
    .input(ZConnectionIdInput)
    .output(ZConnectionDto)
    .mutation(({ ctx, input }) => retryFailingWebhooks({ actor: ctx.actor, catalog: ctx.connectors, input })),

  archive: partnerProcedure("connection.manage")
    .meta({ sample: (t) => ({ id: t.connectionId }) })
    .input(ZConnectionIdInput)
    .output(ZConnectionDto)
    .mutation(({ ctx, input }) => archiveConnection({ actor: ctx.actor, catalog: ctx.connectors, input })),
});
