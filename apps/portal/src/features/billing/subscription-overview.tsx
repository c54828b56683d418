"use client";

import { type RouterOutputs } from "@storeflow/api";
import { Badge, Button, Card, CardContent, CardDescription, CardHeader, CardTitle, EmptyState, FormField, Select } from "@storeflow/ui";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { messageOf } from "@/trpc/errors";
import { useTRPC } from "@/trpc/react";
import { formatDay, subscriptionStatusOf } from "./billing-format";
import { InvoicesTable } from "./invoices-table";
import { formatMoney } from "@storeflow/billing/money";
import { UsageChart } from "./usage-chart";

type TOverview = RouterOutputs["billing"]["overview"];
type TPlan = TOverview["plans"][number];

/** Props of {@link SubscriptionOverview}. */
export interface SubscriptionOverviewProps {
  initialOverview: TOverview;
  /** Owners change the plan and the payment method; admins only read. */
  canManage: boolean;
  /** Checkout sent the partner back (`?checkout=`): success waits for Stripe's webhook to record the subscription. */
  checkout: "success" | "cancelled" | null;
}

const planPrice = (plan: TPlan) => `${formatMoney(plan.baseAmount, plan.currency)} a month, ${plan.includedRuns.toLocaleString("en")} runs included, then ${formatMoney(plan.overagePerRun, plan.currency)} a run`;

/** Starts a plan change: Checkout (no subscription yet) opens in this tab; a live subscription changes at once. */
function usePlanChange(onChanged: (message: string) => void) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return useMutation(
    trpc.billing.startPlanChange.mutationOptions({
      onSuccess: async (result) => {
        if (result.kind === "checkout") {
          window.location.assign(result.url);
          return;
        }
        onChanged("Plan changed. The new price applies from your next invoice.");
        await queryClient.invalidateQueries({ queryKey: trpc.billing.overview.queryKey() });
      },
    }),
  );
}

function PlanChoices({ plans, canManage }: { plans: TPlan[]; canManage: boolean }) {
  const change = usePlanChange(() => undefined);
  return (
    <div className="space-y-3">
      <EmptyState
        title="Choose a plan"
        description={canManage ? "You have no Storeflow subscription yet. Pick a plan: you enter a card on Stripe's secure page and come back here." : "You have no Storeflow subscription yet. Ask your partner owner to choose a plan."}
      />
      {change.isError ? <p role="alert" className="text-sm text-danger">{messageOf(change.error)}</p> : null}
      <ul className="grid gap-4 sm:grid-cols-3" aria-label="Plans">
        {plans.map((plan) => (
          <li key={plan.key}>
            <Card className="h-full">
              <CardHeader>
                <CardTitle>{plan.name}</CardTitle>
                <CardDescription>{plan.description}</CardDescription>
              </CardHeader>
              <CardContent className="space-y-3">
                <p className="text-sm">{planPrice(plan)}</p>
                {canManage ? (
                  <Button type="button" onClick={() => change.mutate({ planKey: plan.key })} disabled={change.isPending}>
                    {change.isPending && change.variables?.planKey === plan.key ? "Opening checkout…" : `Choose ${plan.name}`}
                  </Button>
                ) : null}
              </CardContent>
            </Card>
          </li>
        ))}
      </ul>
    </div>
  );
}

function PlanCard({ overview, canManage }: { overview: TOverview; canManage: boolean }) {
  const trpc = useTRPC();
  const subscription = overview.subscription!;
  const plan = overview.plans.find((p) => p.key === subscription.planKey);
  const [message, setMessage] = useState<string | null>(null);
  const [planKey, setPlanKey] = useState(overview.plans.find((p) => p.key !== subscription.planKey)?.key ?? "");
  const change = usePlanChange(setMessage);
  const portal = useMutation(trpc.billing.portalUrl.mutationOptions({ onSuccess: ({ url }) => window.location.assign(url) }));
  const status = subscriptionStatusOf(subscription.status);
  return (
    <Card>
      <CardHeader>
        <div className="flex flex-wrap items-center gap-3">
          <CardTitle as="h2">{plan ? `${plan.name} plan` : "Your plan"}</CardTitle>
          <Badge variant={status.variant}>{status.label}</Badge>
        </div>
        <CardDescription>
          {plan ? planPrice(plan) : "A plan this portal no longer offers."}
          {subscription.currentPeriodStart && subscription.currentPeriodEnd ? ` · Current period ${formatDay(subscription.currentPeriodStart)} – ${formatDay(subscription.currentPeriodEnd)}` : ""}
          {subscription.cancelAtPeriodEnd && subscription.currentPeriodEnd ? ` · Ends on ${formatDay(subscription.currentPeriodEnd)}` : ""}
        </CardDescription>
      </CardHeader>
      {canManage ? (
        <CardContent className="space-y-3">
          <form
            aria-label="Change plan"
            className="flex flex-wrap items-end gap-3"
            onSubmit={(event) => {
              event.preventDefault();
              setMessage(null);
              if (planKey) change.mutate({ planKey });
            }}
          >
            <FormField id="billing-plan" label="Change plan to">
              <Select value={planKey} onChange={(event) => setPlanKey(event.target.value)}>
                {overview.plans.filter((p) => p.key !== subscription.planKey).map((p) => <option key={p.key} value={p.key}>{p.name} · {formatMoney(p.baseAmount, p.currency)} a month</option>)}
              </Select>
            </FormField>
            <Button type="submit" disabled={change.isPending || !planKey}>{change.isPending ? "Changing…" : "Change plan"}</Button>
            <Button type="button" variant="outline" onClick={() => portal.mutate({})} disabled={portal.isPending}>
              {portal.isPending ? "Opening…" : "Manage payment"}
            </Button>
          </form>
          {message ? <p role="status" className="text-sm text-success">{message}</p> : null}
          {change.isError ? <p role="alert" className="text-sm text-danger">{messageOf(change.error)}</p> : null}
          {portal.isError ? <p role="alert" className="text-sm text-danger">{messageOf(portal.error)}</p> : null}
        </CardContent>
      ) : null}
    </Card>
  );
}

function UsageCard({ usage }: { usage: TOverview["usage"] }) {
  const over = usage.includedRuns !== null && usage.runsToDate > usage.includedRuns;
  return (
    <Card>
      <CardHeader>
        <CardTitle as="h2">Runs used to date</CardTitle>
        <CardDescription>
          {formatDay(usage.periodStart)} – {formatDay(usage.periodEnd)} · finished runs per UTC day, counted as they end.
        </CardDescription>
      </CardHeader>
      <CardContent className="space-y-3">
        <p className="text-lg font-semibold tabular-nums" data-testid="runs-used">
          {usage.runsToDate.toLocaleString("en")}
          {usage.includedRuns !== null ? <span className="font-normal text-muted-foreground"> of {usage.includedRuns.toLocaleString("en")} included</span> : null}
        </p>
        {over ? <p className="text-sm text-warning">You are past your included runs: each further run is billed at your plan&apos;s overage price.</p> : null}
        <UsageChart daily={usage.daily} includedRuns={usage.includedRuns} />
        <p className="text-xs text-muted-foreground">{usage.runsReported.toLocaleString("en")} runs reported to Stripe so far; the rest go with the next report.</p>
      </CardContent>
    </Card>
  );
}

/** The partner's Storeflow subscription: plan, usage against the included runs, and the platform's invoices. */
export function SubscriptionOverview({ initialOverview, canManage, checkout }: SubscriptionOverviewProps) {
  const trpc = useTRPC();
  // Back from Checkout, the subscription exists once Stripe's webhook arrives: ask again until it does.
  const overview = useQuery({
    ...trpc.billing.overview.queryOptions({}),
    initialData: initialOverview,
    refetchInterval: (query) => (checkout === "success" && !query.state.data?.subscription ? 2_000 : false),
  });
  const data = overview.data;
  if (!data.enabled) {
    return <EmptyState title="Billing is not set up on this deployment" description="The platform operator has not connected Stripe yet. Plans, usage and invoices appear here once they do." />;
  }
  return (
    <div className="space-y-6">
      {checkout === "success" && !data.subscription ? <p role="status" className="text-sm">Payment received. Waiting for Stripe to confirm your subscription…</p> : null}
      {checkout === "cancelled" && !data.subscription ? <p role="status" className="text-sm">Checkout was cancelled; nothing was charged.</p> : null}
      {data.subscription ? <PlanCard overview={data} canManage={canManage} /> : <PlanChoices plans={data.plans} canManage={canManage} />}
      <UsageCard usage={data.usage} />
      <section aria-labelledby="billing-invoices-heading" className="space-y-3">
        <h2 id="billing-invoices-heading" className="text-lg font-semibold">Invoices</h2>
        <InvoicesTable invoices={data.invoices} />
      </section>
    </div>
  );
}
