import { type DeliverAlertNotificationsOptions, deliverAlertNotifications, type TDeliveryOutcome } from "./deliver";
import { evaluateAlertRules, type TEvaluateResult } from "./evaluate-rules";
import { queueAlertNotifications, type TQueuedNotification } from "./queue-notifications";

/** Options for {@link sweepAlerts}: the delivery pass's, whose `now` every step shares. */
export type SweepAlertsOptions = DeliverAlertNotificationsOptions;

export interface TAlertSweepResult extends TEvaluateResult {
  notifications: TQueuedNotification[];
  deliveries: TDeliveryOutcome[];
}

/** One alerting pass, in order: raise and resolve alerts, queue the notifications due, send the deliveries due. */
export async function sweepAlerts(options: SweepAlertsOptions): Promise<TAlertSweepResult> {
  const now = options.now ?? new Date();
  const evaluated = await evaluateAlertRules({ pool: options.pool, now });
  const notifications = await queueAlertNotifications({ pool: options.pool, now });
  const deliveries = await deliverAlertNotifications({ ...options, now });
  return { ...evaluated, notifications, deliveries };
}
