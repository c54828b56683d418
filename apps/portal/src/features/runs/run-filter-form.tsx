"use client";

import { Button, FormField, Input, Select } from "@storeflow/ui";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { CREATED_PRESETS, hasFilters, searchOfFilters, type TFilterErrors, type TRunFilters } from "./run-filters";
import { RUN_STATUS, RUN_STATUSES, type TRunStatus } from "./run-view";

/** Props of {@link RunFilterForm}. */
export interface RunFilterFormProps {
  filters: TRunFilters;
  /** What the URL asked for that could not be used, by field. */
  errors: TFilterErrors;
  /** Shown as a picker only when there is more than one to pick from. */
  clients: { id: string; name: string }[];
}

const FIELD_ORDER: (keyof TRunFilters)[] = ["client", "status", "workflow", "key", "created", "from", "to"];

/**
 * The explorer's filters. They live in the URL: applying them navigates, the
 * server lists the runs, and a link or a reload shows the same list. Without
 * JavaScript the form is a plain GET form to the same page.
 */
export function RunFilterForm({ filters, errors, clients }: RunFilterFormProps) {
  const router = useRouter();
  const formRef = useRef<HTMLFormElement>(null);
  const [created, setCreated] = useState(filters.created);
  const firstError = FIELD_ORDER.find((name) => errors[name]);

  useEffect(() => {
    // A value the URL carried that could not be used: take the person to it.
    if (firstError) formRef.current?.querySelector<HTMLElement>(`[name="${firstError}"]`)?.focus();
  }, [firstError]);

  return (
    <form
      ref={formRef}
      action="/runs"
      method="get"
      aria-label="Filter runs"
      className="grid gap-4 rounded-lg border border-border bg-card p-4"
      onSubmit={(event) => {
        event.preventDefault();
        const data = new FormData(event.currentTarget);
        const text = (name: string) => String(data.get(name) ?? "").trim();
        const next: TRunFilters = {
          client: text("client"),
          status: data.getAll("status").map(String) as TRunStatus[],
          workflow: text("workflow"),
          key: text("key"),
          created: text("created") as TRunFilters["created"],
          from: text("from"),
          to: text("to"),
        };
        router.push(`/runs${searchOfFilters(next)}`);
      }}
    >
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        {clients.length > 1 ? (
          <FormField className="content-start" id="runs-client" label="Client" error={errors.client}>
            <Select name="client" defaultValue={errors.client ? "" : filters.client}>
              <option value="">All clients</option>
              {clients.map((c) => (
                <option key={c.id} value={c.id}>{c.name}</option>
              ))}
            </Select>
          </FormField>
        ) : null}
        <FormField className="content-start" id="runs-workflow" label="Workflow" error={errors.workflow} description="Its key, e.g. supplier-invoice-match">
          <Input name="workflow" defaultValue={filters.workflow} autoComplete="off" spellCheck={false} />
        </FormField>
        <FormField className="content-start" id="runs-key" label="Business key" error={errors.key} description="Exact order number, SKU or return id">
          <Input name="key" type="search" defaultValue={filters.key} autoComplete="off" spellCheck={false} />
        </FormField>
        <FormField className="content-start" id="runs-created" label="Started" error={errors.created}>
          <Select name="created" value={created} onChange={(event) => setCreated(event.currentTarget.value as TRunFilters["created"])}>
            <option value="">Any time</option>
            {Object.entries(CREATED_PRESETS).map(([value, preset]) => (
              <option key={value} value={value}>{preset.label}</option>
            ))}
            <option value="custom">Between days…</option>
          </Select>
        </FormField>
        {created === "custom" ? (
          <>
            <FormField className="content-start" id="runs-from" label="From (UTC)" error={errors.from}>
              <Input name="from" type="date" defaultValue={filters.from} />
            </FormField>
            <FormField className="content-start" id="runs-to" label="To (UTC, included)" error={errors.to}>
              <Input name="to" type="date" defaultValue={filters.to} />
            </FormField>
          </>
        ) : null}
      </div>
      <fieldset className="grid gap-2">
        <legend className="text-sm font-medium">Status</legend>
        <div className="flex flex-wrap gap-x-4 gap-y-2">
          {RUN_STATUSES.map((status) => (
            <label key={status} className="flex items-center gap-2 text-sm">
              <input type="checkbox" name="status" value={status} defaultChecked={filters.status.includes(status)} className="size-4 accent-brand" />
              {RUN_STATUS[status].label}
            </label>
          ))}
        </div>
      </fieldset>
      <div className="flex flex-wrap gap-2">
        <Button type="submit">Apply filters</Button>
        {hasFilters(filters) ? (
          <Link href="/runs" className="rounded-md px-3 py-2 text-sm underline-offset-4 hover:underline focus-visible:outline-2 focus-visible:outline-ring">Clear filters</Link>
        ) : null}
      </div>
    </form>
  );
}
