import { type inferRouterInputs, type inferRouterOutputs } from "@trpc/server";
import { aiModelRouter } from "./routers/ai-model";
import { alertRouter } from "./routers/alert";
import { approvalRouter } from "./routers/approval";
import { auditRouter } from "./routers/audit";
import { billingRouter } from "./routers/billing";
import { clientRouter } from "./routers/client";
import { connectionRouter } from "./routers/connection";
import { eventRouter } from "./routers/event";
import { installationRouter } from "./routers/installation";
import { kpiRouter } from "./routers/kpi";
import { clientBillingRouter, priceBookRouter } from "./routers/client-billing";
import { memberRouter } from "./routers/member";
import { partnerRouter } from "./routers/partner";
import { platformRouter } from "./routers/platform";
import { runRouter } from "./routers/run";
import { sessionRouter } from "./routers/session";
import { slaRouter } from "./routers/sla";
import { templateRouter } from "./routers/template";
import { createCallerFactory, createTRPCRouter } from "./trpc";

export const appRouter = createTRPCRouter({
  session: sessionRouter,
  partner: partnerRouter,
  client: clientRouter,
  member: memberRouter,
  audit: auditRouter,
  platform: platformRouter,
  run: runRouter,
  approval: approvalRouter,
  event: eventRouter,
  connection: connectionRouter,
  template: templateRouter,
  installation: installationRouter,
  kpi: kpiRouter,
  priceBook: priceBookRouter,
  clientBilling: clientBillingRouter,
  billing: billingRouter,
  sla: slaRouter,
  aiModel: aiModelRouter,
  alert: alertRouter,
});

export type AppRouter = typeof appRouter;
export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;
export const createCaller = createCallerFactory(appRouter);
