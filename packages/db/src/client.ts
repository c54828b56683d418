import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/prisma/client";

export type TDb = PrismaClient;

/** Options for {@link createDb}. */
export interface CreateDbOptions {
  /** A postgres:// URL. */
  url: string;
  /** Pool size per process. @defaultValue 10 */
  max?: number;
}

export function createDb({ url, max = 10 }: CreateDbOptions): TDb {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: url, max }) });
}
