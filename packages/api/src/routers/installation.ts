import {
  getInstallation,
  installForClients,
  installTemplate,
  listInstallations,
  previewUpgrade,
  setInstallationEnabled,
  startInstallationRun,
  uninstallInstallation,
  updateInstallation,
  ZInstallationIdInput,
  ZInstallForClientsInput,
  ZInstallTemplateInput,
  ZListInstallationsInput,
  ZPreviewUpgradeInput,
  ZSetInstallationEnabledInput,
  ZStartInstallationRunInput,
  ZUpdateInstallationInput,
} from "@storeflow/installations";
import { type TActor } from "@storeflow/accounts";
import { z } from "zod";
import { type TContext } from "../context";
import { ZBulkInstallResultDto, ZInstallationDto, ZStartedRunDto, ZUpgradePreviewDto } from "../dto";
import { createTRPCRouter, partnerProcedure } from "../trpc";

const withInstallations = (ctx: TContext & { actor: TActor }) => ({ actor: ctx.actor, store: ctx.runStore, templates: ctx.templates, connectors: ctx.connectors });

/** Templates installed for clients: the wizard, upgrades, pausing and uninstalling. */
export const installationRouter = createTRPCRouter({
  list: partnerProcedure("installation.read")
    .meta({ sample: (t) => ({ clientId: t.clientId }) })
    .input(ZListInstallationsInput)
    .output(z.array(ZInstallationDto))
    .query(({ ctx, input }) => listInstallations(withInstallations(ctx), input)),

  get: partnerProcedure("installation.read")
    .meta({ sample: (t) => ({ installationId: t.installationId }) })
    .input(ZInstallationIdInput)
    .output(ZInstallationDto)
    .query(({ ctx, input }) => getInstallation(withInstallations(ctx), input)),

  install: partnerProcedure("installation.manage")
    .meta({ sample: (t) => ({ clientId: t.clientId, templateKey: "test-notify", bindings: { shop: t.connectionId } }) })
    .input(ZInstallTemplateInput)
    .output(ZInstallationDto)
    .mutation(({ ctx, input }) => installTemplate(withInstallations(ctx), input)),

  /** One template for many clients; each client succeeds or fails on its own. */
  installMany: partnerProcedure("installation.manage")
    .meta({ sample: (t) => ({ templateKey: "test-notify", clients: [{ clientId: t.clientId, bindings: { shop: t.connectionId } }] }) })
    .input(ZInstallForClientsInput)
    .output(z.array(ZBulkInstallResultDto))
    .mutation(({ ctx, input }) => installForClients(withInstallations(ctx), input)),

  previewUpgrade: partnerProcedure("installation.read")
    .meta({ sample: (t) => ({ installationId: t.installationId }) })
    .input(ZPreviewUpgradeInput)
    .output(ZUpgradePreviewDto)
    .query(({ ctx, input }) => previewUpgrade(withInstallations(ctx), input)),

  /** Changes parameters or bindings, or upgrades to another version; runs under way keep theirs. */
  update: partnerProcedure("installation.manage")
    .meta({ sample: (t) => ({ installationId: t.installationId, params: { threshold: 42 } }) })
    .input(ZUpdateInstallationInput)
    .output(ZInstallationDto)
    .mutation(({ ctx, input }) => updateInstallation(withInstallations(ctx), input)),

  setEnabled: partnerProcedure("installation.manage")
    .meta({ sample: (t) => ({ installationId: t.installationId, enabled: false }) })
    .input(ZSetInstallationEnabledInput)
    .output(ZInstallationDto)
    .mutation(({ ctx, input }) => setInstallationEnabled(withInstallations(ctx), input)),

  uninstall: partnerProcedure("installation.manage")
    .meta({ sample: (t) => ({ installationId: t.installationId }) })
    .input(ZInstallationIdInput)
    .output(ZInstallationDto)
    .mutation(({ ctx, input }) => uninstallInstallation(withInstallations(ctx), input)),

  start: partnerProcedure("installation.run")
    // The input is any JSON the workflow reads, so the sample leaves it to its default.
    .meta({ sample: (t) => ({ installationId: t.installationId }) })
    .input(ZStartInstallationRunInput)
    .output(ZStartedRunDto)
    .mutation(({ ctx, input }) => startInstallationRun({ actor: ctx.actor, store: ctx.runStore, publisher: ctx.stepPublisher }, input)),
});
