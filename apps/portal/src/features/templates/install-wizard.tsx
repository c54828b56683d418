"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { Button, Card, CardContent, CardDescription, CardHeader, CardTitle, EmptyState, Skeleton, buttonVariants } from "@storeflow/ui";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useMemo, useRef, useState } from "react";
import { type FieldPath, useForm } from "react-hook-form";
import { z } from "zod";
import { BindingSelect } from "@/features/installations/binding-select";
import {
  bindingsPayloadOf,
  installedTemplatesByClient,
  paramFieldsOf,
  settingsFieldNames,
  settingsSchemaOf,
  suggestedBindings,
  type TConnectorSummary,
  type TBulkResult,
  type TSettingsValues,
  type TTemplate,
} from "@/features/installations/install-form";
import { ParamFields } from "@/features/installations/param-fields";
import { formMessageOf, placeFieldIssues, placeIssues, type TPlacedIssues } from "@/features/schema-form/form-issues";
import { configPayloadOf, defaultValuesOf } from "@/features/schema-form/schema-fields";
import { messageOf } from "@/trpc/errors";
import { useTRPC } from "@/trpc/react";
import { BulkInstallResults } from "./bulk-install-results";
import { ClientChoice } from "./client-choice";
import { WizardReview } from "./wizard-review";

type TStep = "clients" | "bindings" | "params" | "review" | "results";
type TWizardForm = TSettingsValues & { enabled: boolean };

const STEP_TITLE: Record<Exclude<TStep, "results">, string> = {
  clients: "Choose clients",
  bindings: "Bind connections",
  params: "Set parameters",
  review: "Review and install",
};

/** Props of {@link InstallWizard}. */
export interface InstallWizardProps {
  template: TTemplate;
  /** The partner's active clients. */
  clients: { id: string; name: string }[];
  connectors: TConnectorSummary[];
  /** After an install: what to announce, and the client whose installations to link to (null after a bulk install). */
  onFinished: (outcome: { message: string; clientId: string | null }) => void;
  onCancel: () => void;
}

/**
 * Installs a template: clients, then (for one client) which connection fills each
 * binding, then parameters, then a review. One form holds every step, so going back
 * or a refused install loses nothing; a server issue takes the person to its step and
 * field. Several clients go through installation.installMany, which binds each
 * client's only fitting connection and reports each client on its own.
 */
export function InstallWizard({ template, clients, connectors, onFinished, onCancel }: InstallWizardProps) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [step, setStep] = useState<TStep>("clients");
  // Outside the form: the number of clients decides which steps and checks apply.
  const [clientIds, setClientIds] = useState<string[]>([]);
  const [clientError, setClientError] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const [results, setResults] = useState<TBulkResult[] | null>(null);
  const [boundFor, setBoundFor] = useState<string | null>(null);
  const [loadingConnections, setLoadingConnections] = useState(false);
  const headingRef = useRef<HTMLHeadingElement>(null);
  // Set before a step change that should land on a field rather than the step's heading.
  const focusAfterStep = useRef<string | null>(null);

  const bulk = clientIds.length > 1;
  const fields = useMemo(() => paramFieldsOf(template), [template]);
  const fieldNames = useMemo(() => settingsFieldNames(template.bindings, fields), [template, fields]);
  const schema = useMemo(() => {
    const settings = settingsSchemaOf(template.bindings, fields, connectors);
    // A bulk install binds on the server, so the (unused) binding fields are not checked here.
    return (bulk ? settings.extend({ bindings: z.record(z.string(), z.string()) }) : settings).extend({ enabled: z.boolean() });
  }, [template, fields, connectors, bulk]);
  // The resolver follows the number of clients: react-hook-form reads its options on every render.
  const form = useForm<TWizardForm>({
    resolver: zodResolver(schema),
    defaultValues: { bindings: Object.fromEntries(template.bindings.map((b) => [b.binding, ""])), params: defaultValuesOf(fields), enabled: true },
  });

  const client = clients.find((c) => c.id === clientIds[0]);
  // Filled by nextFromClients; read from the cache on the bindings and review steps.
  const connections = useQuery({ ...trpc.connection.list.queryOptions({ clientId: client?.id ?? "" }), enabled: !bulk && client !== undefined && step !== "clients" });
  const installations = useQuery(trpc.installation.list.queryOptions({}));
  const installed = useMemo(() => installedTemplatesByClient(installations.data ?? []), [installations.data]);

  useEffect(() => {
    const field = focusAfterStep.current;
    focusAfterStep.current = null;
    if (field) form.setFocus(field as FieldPath<TWizardForm>);
    else headingRef.current?.focus();
  }, [step, form]);

  const go = (next: TStep) => {
    setFormError(null);
    setStep(next);
  };

  /** Marks the placed issues and goes to the step of the first field, focusing it. */
  const showIssues = (placed: TPlacedIssues) => {
    placed.fields.forEach(([name, message]) => form.setError(name as FieldPath<TWizardForm>, { message }));
    setFormError(formMessageOf(placed));
    const first = placed.fields[0]?.[0];
    if (!first) return;
    const target: TStep = first.startsWith("bindings.") ? "bindings" : "params";
    if (target === step) form.setFocus(first as FieldPath<TWizardForm>);
    else {
      focusAfterStep.current = first;
      setStep(target);
    }
  };

  const install = useMutation(
    trpc.installation.install.mutationOptions({
      onSuccess: async (installation) => {
        await queryClient.invalidateQueries({ queryKey: trpc.installation.list.queryKey() });
        onFinished({ message: `${template.title} is installed for ${clients.find((c) => c.id === installation.clientId)?.name ?? "the client"}.`, clientId: installation.clientId });
      },
      onError: (error) => showIssues(placeIssues(error, fieldNames)),
    }),
  );
  const installMany = useMutation(
    trpc.installation.installMany.mutationOptions({
      onSuccess: async (outcome) => {
        setResults(outcome);
        await queryClient.invalidateQueries({ queryKey: trpc.installation.list.queryKey() });
        go("results");
      },
      onError: (error) => showIssues(placeIssues(error, fieldNames)),
    }),
  );
  const pending = install.isPending || installMany.isPending;

  const nextFromClients = async () => {
    if (clientIds.length === 0) {
      setClientError("Choose at least one client");
      return;
    }
    if (bulk || template.bindings.length === 0) return go("params");
    const [only] = clientIds as [string];
    // Suggest bindings once per client: coming back to this step keeps what the person chose.
    if (boundFor !== only) {
      setLoadingConnections(true);
      try {
        const list = await queryClient.fetchQuery(trpc.connection.list.queryOptions({ clientId: only }));
        form.setValue("bindings", suggestedBindings(template.bindings, list));
        setBoundFor(only);
      } catch (error) {
        setFormError(messageOf(error));
        return;
      } finally {
        setLoadingConnections(false);
      }
    }
    go("bindings");
  };
  const nextFrom = async (names: string[], next: TStep) => {
    if (names.length === 0 || (await form.trigger(names as FieldPath<TWizardForm>[], { shouldFocus: true }))) go(next);
  };
  const submitInstall = form.handleSubmit((values) => {
    setFormError(null);
    const params = configPayloadOf(fields, values.params);
    if (bulk) installMany.mutate({ templateKey: template.key, version: template.version, params, clients: clientIds.map((clientId) => ({ clientId, bindings: {} })) });
    else install.mutate({ clientId: clientIds[0]!, templateKey: template.key, version: template.version, params, bindings: bindingsPayloadOf(values.bindings), enabled: values.enabled });
  });

  /** Enter in any field, or the step's main button, moves on: the next step, or the install on the review. */
  const advance = () => {
    switch (step) {
      case "clients":
        return nextFromClients();
      case "bindings":
        return connections.isSuccess ? nextFrom(template.bindings.map((b) => `bindings.${b.binding}`), "params") : undefined;
      case "params":
        return nextFrom(fields.map((f) => `params.${f.key}`), "review");
      case "review":
        return submitInstall();
      case "results":
        return undefined;
    }
  };

  const retryFailed = (failed: Extract<TBulkResult, { ok: false }>[]) => {
    setClientIds(failed.map((r) => r.clientId));
    setResults(null);
    // The parameters are shared: an issue on them is the same for every client, so mark it once.
    const paramIssues = failed.flatMap((r) => r.issues).filter((issue) => issue.path[0] === "params");
    const placed = placeFieldIssues(paramIssues, new Set(fields.map((f) => `params.${f.key}`)));
    if (placed.fields.length > 0) showIssues({ fields: placed.fields, unplaced: [] });
    else go("params");
  };

  const errors = form.formState.errors;
  const steps: Exclude<TStep, "results">[] = bulk ? ["clients", "params", "review"] : template.bindings.length === 0 ? ["clients", "params", "review"] : ["clients", "bindings", "params", "review"];
  const back: Partial<Record<TStep, TStep>> = { bindings: "clients", params: steps[steps.indexOf("params") - 1], review: "params" };
  const previous = back[step];

  return (
    <Card>
      <CardHeader>
        <CardTitle as="h2" className="text-lg">Install {template.title}</CardTitle>
        <CardDescription>Version {template.version}. Fields marked * are required.</CardDescription>
        {step !== "results" ? (
          <ol aria-label="Steps" className="mt-2 flex flex-wrap gap-2 text-xs">
            {steps.map((s, i) => (
              <li key={s} aria-current={s === step ? "step" : undefined} className={s === step ? "rounded-full bg-brand px-2.5 py-1 text-brand-foreground" : "rounded-full bg-muted px-2.5 py-1 text-muted-foreground"}>
                {i + 1}. {STEP_TITLE[s]}
              </li>
            ))}
          </ol>
        ) : null}
      </CardHeader>
      <CardContent>
        <form
          noValidate
          aria-label={`Install ${template.title}`}
          className="grid gap-6"
          onSubmit={(event) => {
            event.preventDefault();
            void advance();
          }}
        >
          <h3 ref={headingRef} tabIndex={-1} className="text-base font-semibold outline-none">{step === "results" ? "Results" : STEP_TITLE[step]}</h3>

          {step === "clients" ? (
            clients.length === 0 ? (
              <EmptyState
                titleAs="h4"
                title="No clients to install for yet"
                description="Create a retail client and connect its systems first; then install templates for it here."
                action={<Link href="/" className={buttonVariants()}>Go to clients</Link>}
              />
            ) : (
              <ClientChoice
                clients={clients}
                selected={clientIds}
                installed={(id) => installed.get(id)?.has(template.key) ?? false}
                error={clientError ?? undefined}
                onChange={(ids) => {
                  setClientIds(ids);
                  setClientError(null);
                }}
              />
            )
          ) : null}

          {step === "bindings" && client ? (
            connections.isPending ? (
              <Skeleton className="h-24 w-full" />
            ) : connections.isError ? (
              <p role="alert" className="text-sm text-danger">{messageOf(connections.error)}</p>
            ) : (
              <fieldset className="grid items-start gap-4 sm:grid-cols-2">
                <legend className="mb-2 text-sm text-muted-foreground">Which of {client.name}&apos;s connections each part of the workflow uses.</legend>
                {template.bindings.map((binding) => (
                  <BindingSelect
                    key={binding.binding}
                    binding={binding}
                    connections={connections.data}
                    connectors={connectors}
                    client={client}
                    id={`install-binding-${binding.binding}`}
                    error={errors.bindings?.[binding.binding]?.message}
                    registration={form.register(`bindings.${binding.binding}`)}
                  />
                ))}
              </fieldset>
            )
          ) : null}

          {step === "params" ? (
            <div className="grid gap-4">
              {bulk ? (
                <p className="text-sm text-muted-foreground">
                  These parameters apply to all {clientIds.length} clients. Each client&apos;s {template.bindings.map((b) => b.title).join(", ") || "bindings"} {template.bindings.length === 1 ? "is" : "are"} bound to its only fitting connection; a client with none, or with several, is reported and left out, to install on its own.
                </p>
              ) : null}
              <ParamFields fields={fields} idPrefix="install-param" registrationOf={(key) => form.register(`params.${key}`)} errorOf={(key) => errors.params?.[key]?.message} />
            </div>
          ) : null}

          {step === "review" ? (
            <WizardReview
              template={template}
              fields={fields}
              values={form.getValues()}
              clients={clients.filter((c) => clientIds.includes(c.id))}
              connections={connections.data ?? []}
              bulk={bulk}
              enabledRegistration={form.register("enabled")}
            />
          ) : null}

          {step === "results" && results ? (
            <BulkInstallResults template={template} fields={fields} clients={clients} results={results} onRetry={retryFailed} onDone={(message) => onFinished({ message, clientId: null })} />
          ) : null}

          {formError ? <p role="alert" className="text-sm text-danger">{formError}</p> : null}

          {step !== "results" ? (
            <div className="flex flex-wrap gap-2">
              {previous ? <Button type="button" variant="outline" onClick={() => go(previous)}>Back</Button> : null}
              {step === "review" ? (
                <Button type="submit" disabled={pending}>{pending ? "Installing…" : bulk ? `Install for ${clientIds.length} clients` : "Install"}</Button>
              ) : (
                <Button type="submit" disabled={(step === "clients" && (clients.length === 0 || loadingConnections)) || (step === "bindings" && !connections.isSuccess)}>
                  {loadingConnections ? "Loading connections…" : "Next"}
                </Button>
              )}
              <Button type="button" variant="ghost" onClick={onCancel}>Cancel</Button>
            </div>
          ) : null}
        </form>
      </CardContent>
    </Card>
  );
}
