import { readPortalEnv } from "./env";

try {
  readPortalEnv();
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
