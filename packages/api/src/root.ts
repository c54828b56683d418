import { type inferRouterInputs, type inferRouterOutputs } from "@trpc/server";
import { aiModelRouter } from "./routers/ai-model";
import { approvalRouter } from "./routers/approval";
import { auditRouter } from "./routers/audit";
import { clientRouter } from "./routers/client";
import { connectionRouter } from "./routers/connection";
import { eventRouter } from "./routers/event";
import { installationRouter } from "./routers/installation";
import { memberRouter } from "./routers/member";
import { partnerRouter } from "./routers/partner";
import { platformRouter } from "./routers/platform";
import { runRouter } from "./routers/run";
import { sessionRouter } from "./routers/session";
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
  aiModel: aiModelRouter,
});

export type AppRouter = typeof appRouter;
export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;
export const createCaller = createCallerFactory(appRouter);
