import { z } from "zod";

/** Square money: an integer in the currency's smallest unit (cents) and an ISO 4217 code. */
export const ZSquareMoney = z.object({ amount: z.int(), currency: z.string().length(3) });
export type TSquareMoney = z.output<typeof ZSquareMoney>;
