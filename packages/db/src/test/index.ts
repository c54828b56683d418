export { createTestDatabase, type TestDatabase } from "./database";
export { seedTenants, type TestTenants } from "./tenants";
export { useTestTenants } from "./lifecycle";
