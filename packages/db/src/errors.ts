import { Prisma } from "./generated/prisma/client";

function sqlState(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const e = error as { code?: unknown; meta?: { code?: unknown; driverAdapterError?: { cause?: { originalCode?: unknown } } }; cause?: unknown };
  const adapterCode = e.meta?.driverAdapterError?.cause?.originalCode;
  if (typeof adapterCode === "string") return adapterCode;
  if (typeof e.meta?.code === "string") return e.meta.code;
  return undefined;
}

/** A unique constraint rejected the write (Prisma P2002 or SQLSTATE 23505). */
export function isUniqueViolation(error: unknown): boolean {
  if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") return true;
  return sqlState(error) === "23505";
}

/** Row-level security rejected the write (SQLSTATE 42501). */
export function isRlsViolation(error: unknown): boolean {
  return sqlState(error) === "42501" || /row-level security/i.test(String((error as Error)?.message));
}
