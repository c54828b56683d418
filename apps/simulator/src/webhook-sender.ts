/** One webhook the simulator sent, as the receiver answered it. */
export interface TSentWebhook {
  vendor: string;
  url: string;
  headers: Record<string, string>;
  body: string;
  status: number | "error";
  sentAt: string;
}

/**
 * Posts vendors' webhooks to their subscribers and remembers each delivery, so a
 * test can redeliver one byte for byte (vendors deliver at least once).
 */
export class WebhookSender {
  readonly sent: TSentWebhook[] = [];

  async send(vendor: string, url: string, headers: Record<string, string>, body: string): Promise<TSentWebhook> {
    let status: TSentWebhook["status"];
    try {
      const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body, signal: AbortSignal.timeout(10_000) });
      await response.body?.cancel();
      status = response.status;
    } catch {
      status = "error";
    }
    const delivery: TSentWebhook = { vendor, url, headers, body, status, sentAt: new Date().toISOString() };
    this.sent.push(delivery);
    return delivery;
  }

  /** Sends an earlier delivery again, unchanged: what a vendor's retry looks like. */
  redeliver(delivery: TSentWebhook): Promise<TSentWebhook> {
    return this.send(delivery.vendor, delivery.url, delivery.headers, delivery.body);
  }

  clear() {
    this.sent.length = 0;
  }
}
