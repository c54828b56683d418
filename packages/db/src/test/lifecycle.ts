import { afterAll, beforeAll } from "vitest";
import { createTestDatabase, type TestDatabase } from "./database";
import { seedTenants, type TestTenants } from "./tenants";

/**
 * A file-wide database with the standard two-partner tenants, created before the
 * file's tests and dropped after. Read the fields inside tests, not at import time.
 */
export function useTestTenants(): { t: TestDatabase; tenants: TestTenants } {
  const state = {} as { t: TestDatabase; tenants: TestTenants };
  beforeAll(async () => {
    state.t = await createTestDatabase();
    state.tenants = await seedTenants(state.t.adminDb);
  });
  afterAll(async () => state.t?.drop());
  return state;
}
