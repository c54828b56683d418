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
});
