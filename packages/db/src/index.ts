export { createDb, type CreateDbOptions, type TDb } from "./client";
export { withTenant, withIdentity, withUser, type TTenantScope, type TTx } from "./tenant";
export { getDb, getUnsafeAdminDb, disconnectDbs, pingDb } from "./runtime";
export { readDbEnv } from "./env";
export { Prisma, Role, ClientStatus } from "./generated/prisma/client";
export type { Partner, Client, Store, User, Membership, Invitation, AuditEvent, WorkflowRun, StepRun, WorkflowDefinition, Connection } from "./generated/prisma/client";
export { RunStatus, StepStatus, ConnectionHealth } from "./generated/prisma/client";
export { isUniqueViolation, isRlsViolation } from "./errors";
