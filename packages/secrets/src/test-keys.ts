import { randomBytes } from "node:crypto";
import { type Kek } from "./key-material";
import { parseKek } from "./parse-kek";

/** A fresh random KEK for a test; not exported from the package. */
export function createTestKek(id: string): Kek {
  return parseKek(`${id}:${randomBytes(32).toString("base64")}`);
}
