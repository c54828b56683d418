/** What a notification reports, stored with its delivery and rendered for the channel when sent. */
export interface TNotificationPayload {
  type: "alert.firing" | "alert.resolved" | "alert.test";
  rule: { id: string; name: string; condition: string } | null;
  alerts: {
    id: string;
    clientId: string;
    clientName: string;
    subjectType: string;
    subjectId: string;
    subject: string;
    summary: string;
    raisedAt: string;
    /** In an alert.resolved notification: when its condition cleared. */
    resolvedAt?: string;
  }[];
}
