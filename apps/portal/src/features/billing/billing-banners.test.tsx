import * as React from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { BillingBanners } from "./billing-banners";

// The portal has no vitest config of its own, so JSX compiles to React.createElement (Next's tsconfig keeps "preserve").
Object.assign(globalThis, { React });

const unpaid = {
  id: "8b0e7c1e-64c4-4c43-9d0d-2a8f3c8b1a01",
  clientId: null,
  payer: "partner" as const,
  status: "past_due" as const,
  stripeInvoiceId: "in_1",
  amountDue: 4_900,
  currency: "usd",
  hostedInvoiceUrl: "http://127.0.0.2:4012/invoices/in_1",
  failedAt: new Date("2026-12-01T10:00:00Z"),
  graceEndsAt: new Date("2026-12-08T10:00:00Z"),
  pausedAt: null,
  resolvedAt: null,
};
const clientCase = { ...unpaid, id: "8b0e7c1e-64c4-4c43-9d0d-2a8f3c8b1a02", payer: "client" as const, clientId: "8b0e7c1e-64c4-4c43-9d0d-2a8f3c8b1a03", clientName: "Harbor Outfitters" };

describe("BillingBanners", () => {
  it("tells partner staff when runs pause, politely while in grace and as an alert once paused", () => {
    const grace = renderToStaticMarkup(<BillingBanners standing={{ partner: unpaid, clients: [] }} role="partner_operator" />);
    expect(grace).toContain('role="status"');
    expect(grace).toContain("$49.00 is unpaid. Pay it by 8 Dec 2026");
    expect(grace).toContain("Ask your partner owner to pay it.");
    expect(grace).not.toContain('href="/billing"');

    const paused = renderToStaticMarkup(<BillingBanners standing={{ partner: { ...unpaid, status: "paused", pausedAt: new Date("2026-12-08T10:05:00Z") }, clients: [] }} role="partner_owner" />);
    expect(paused).toContain('role="alert"');
    expect(paused).toContain("Runs are paused for every client");
    expect(paused).toContain('href="/billing"');
  });

  it("shows client users their own unpaid invoice only, and staff who bill clients a summary", () => {
    const clientUser = renderToStaticMarkup(<BillingBanners standing={{ partner: null, clients: [clientCase] }} role="client_viewer" />);
    expect(clientUser).toContain("Your invoice of $49.00 is unpaid. Pay it by 8 Dec 2026");
    expect(clientUser).toContain('href="http://127.0.0.2:4012/invoices/in_1"');

    expect(renderToStaticMarkup(<BillingBanners standing={{ partner: null, clients: [clientCase] }} role="partner_admin" />)).toContain("A client has an unpaid invoice");
    // Operators do not bill clients: another client's debt is not their banner.
    expect(renderToStaticMarkup(<BillingBanners standing={{ partner: null, clients: [clientCase] }} role="partner_operator" />)).toBe("");
  });

  it("dates the staff summary's next pause from the clients still running, not from those already paused", () => {
    const pausedCase = { ...clientCase, id: "8b0e7c1e-64c4-4c43-9d0d-2a8f3c8b1a04", clientName: "Peak Grocers", status: "paused" as const, graceEndsAt: new Date("2026-11-30T10:00:00Z") };
    const waiting = { ...clientCase, graceEndsAt: new Date("2026-12-12T10:00:00Z") };
    const summary = renderToStaticMarkup(<BillingBanners standing={{ partner: null, clients: [pausedCase, waiting] }} role="partner_owner" />);
    expect(summary).toContain("2 clients have unpaid invoices");
    expect(summary).toContain("Peak Grocers, Harbor Outfitters. 1 already paused until paid. The others pause when their grace period ends (first on 12 Dec 2026).");
    const onlyWaiting = renderToStaticMarkup(<BillingBanners standing={{ partner: null, clients: [waiting] }} role="partner_owner" />);
    expect(onlyWaiting).toContain("Harbor Outfitters. Their runs pause when their grace period ends (first on 12 Dec 2026).");
    const allPaused = renderToStaticMarkup(<BillingBanners standing={{ partner: null, clients: [pausedCase] }} role="partner_owner" />);
    expect(allPaused).toContain("Peak Grocers. 1 already paused until paid. ");
    expect(allPaused).not.toContain("grace period ends");
  });
});
