import { type TDb, type TTenantScope } from "@storeflow/db";
import { type TRole } from "./roles";

/** The signed-in person a domain call acts for, already resolved by the API layer. */
export interface TActor {
  db: TDb;
  scope: TTenantScope & { userId: string };
  role: TRole;
}
