import { type RouterOutputs } from "@storeflow/api";

export type TAlert = RouterOutputs["alert"]["list"][number];
export type TAlertEvent = RouterOutputs["alert"]["history"][number];
export type TAlertRule = RouterOutputs["alert"]["rule"]["list"][number];
export type TAlertChannel = RouterOutputs["alert"]["channel"]["list"][number];
export type TAlertDelivery = RouterOutputs["alert"]["channel"]["deliveries"][number];
export interface TNamed {
  id: string;
  name: string;
}
export interface TInstallationOption extends TNamed {
  clientId: string;
}

/** Snooze lengths offered for an alert or a rule. */
export const SNOOZE_CHOICES = [
  { label: "1 hour", ms: 3_600_000 },
  { label: "4 hours", ms: 4 * 3_600_000 },
  { label: "1 day", ms: 24 * 3_600_000 },
  { label: "1 week", ms: 7 * 24 * 3_600_000 },
] as const;

export const formatTime = (date: Date) => date.toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short" });
