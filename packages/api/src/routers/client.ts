import {
  archiveClient,
  createClient,
  getClient,
  listClients,
  updateClient,
  ZClientIdInput,
  ZCreateClientInput,
  ZListClientsInput,
  ZUpdateClientInput,
} from "@storeflow/accounts";
import { getClientRunUsage, setClientRunLimits, setClientRunsPaused, ZClientRunsRef, ZClientRunUsage, ZSetClientRunLimitsInput, ZSetClientRunsPausedInput } from "@storeflow/runs";
import { z } from "zod";
import { ZClientDto } from "../dto";
import { clientProcedure, createTRPCRouter, partnerProcedure } from "../trpc";

export const clientRouter = createTRPCRouter({
  list: clientProcedure("client.read")
    .meta({ sample: () => ({}) })
    .input(ZListClientsInput)
    .output(z.array(ZClientDto))
    .query(({ ctx, input }) => listClients(ctx.actor, input)),

  get: clientProcedure("client.read")
    .meta({ sample: (t) => ({ id: t.clientId }) })
    .input(ZClientIdInput)
    .output(ZClientDto)
    .query(({ ctx, input }) => getClient(ctx.actor, input)),

  create: partnerProcedure("client.create")
    .meta({ sample: (t) => ({ name: `New Retailer ${t.clientId.slice(-8)}`, timezone: "Europe/London" }) })
    .input(ZCreateClientInput)
    .output(ZClientDto)
    .mutation(({ ctx, input }) => createClient(ctx.actor, input)),

  update: partnerProcedure("client.update")
    .meta({ sample: (t) => ({ id: t.clientId, timezone: "America/New_York" }) })
    .input(ZUpdateClientInput)
    .output(ZClientDto)
    .mutation(({ ctx, input }) => updateClient(ctx.actor, input)),

  archive: partnerProcedure("client.archive")
    .meta({ sample: (t) => ({ id: t.clientId }) })
    .input(ZClientIdInput)
    .output(ZClientDto)
    .mutation(({ ctx, input }) => archiveClient(ctx.actor, input)),

  /** Runs this month against the client's quota, its limits, and whether its runs are paused and why. */
  usage: clientProcedure("client.read")
    .meta({ sample: (t) => ({ id: t.clientId }) })
    .input(ZClientRunsRef)
    .output(ZClientRunUsage)
    .query(({ ctx, input }) => getClientRunUsage(ctx.actor, input)),

  setLimits: partnerProcedure("client.limit")
    .meta({ sample: (t) => ({ id: t.clientId, maxConcurrentSteps: 10, runsPerMinute: 120, monthlyRunQuota: 50_000, quotaWarnPercent: 75 }) })
    .input(ZSetClientRunLimitsInput)
    .output(ZClientRunUsage)
    .mutation(({ ctx, input }) => setClientRunLimits(ctx.actor, input)),

  /** Pauses the client's runs by hand (queued work waits, nothing is dropped), or resumes them. */
  setRunsPaused: partnerProcedure("client.limit")
    .meta({ sample: (t) => ({ id: t.clientId, paused: true }) })
    .input(ZSetClientRunsPausedInput)
    .output(ZClientRunUsage)
    .mutation(({ ctx, input }) => setClientRunsPaused(ctx.actor, input)),
});
