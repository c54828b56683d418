"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { type RouterOutputs } from "@storeflow/api";
import { Button, Card, CardContent, CardDescription, CardHeader, CardTitle, Dialog, DialogClose, DialogContent, DialogFooter, DialogTrigger, FormField, Input } from "@storeflow/ui";
import { useMutation } from "@tanstack/react-query";
import { useMemo, useRef, useState } from "react";
import { useForm } from "react-hook-form";
import { formMessageOf, placeIssues } from "@/features/schema-form/form-issues";
import { messageOf } from "@/trpc/errors";
import { useTRPC } from "@/trpc/react";
import { aiModelFormSchemaOf, aiModelPayloadOf, type TAiModelForm } from "./ai-model-form";

type TAiModel = NonNullable<RouterOutputs["aiModel"]["get"]>;
const FIELD_NAMES = new Set(["baseUrl", "model", "apiKey"]);

/** Props of {@link AiModelSettings}. */
export interface AiModelSettingsProps {
  /** The stored model, or null when the partner has none. */
  initialModel: TAiModel | null;
}

function RemoveModelDialog({ onRemoved }: { onRemoved: () => void }) {
  const trpc = useTRPC();
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const remove = useMutation(
    trpc.aiModel.remove.mutationOptions({
      onSuccess: () => {
        setOpen(false);
        onRemoved();
      },
      onError: (e) => setError(messageOf(e)),
    }),
  );
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button type="button" variant="ghost">Remove model</Button>
      </DialogTrigger>
      <DialogContent title="Remove the AI model?" description="Its API key is deleted. ai.classify steps go back to their rules, and answers they are unsure of go to a person.">
        {error ? <p role="alert" className="text-sm text-danger">{error}</p> : null}
        <DialogFooter>
          <DialogClose asChild>
            <Button variant="ghost">Cancel</Button>
          </DialogClose>
          <Button variant="destructive" disabled={remove.isPending} onClick={() => remove.mutate({})}>{remove.isPending ? "Removing…" : "Remove model"}</Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}

/**
 * The OpenAI-compatible model the partner's ai.classify steps ask. The API key is
 * write-only: only its hint comes back, and the Replace key field starts empty and
 * is never filled from the server.
 */
export function AiModelSettings({ initialModel }: AiModelSettingsProps) {
  const trpc = useTRPC();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const [model, setModel] = useState(initialModel);
  const [notice, setNotice] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const schema = useMemo(() => aiModelFormSchemaOf({ hasKey: model !== null }), [model]);
  const form = useForm<TAiModelForm>({ resolver: zodResolver(schema), defaultValues: { baseUrl: model?.baseUrl ?? "", model: model?.model ?? "", apiKey: "" } });
  const save = useMutation(
    trpc.aiModel.set.mutationOptions({
      onSuccess: (saved) => {
        setModel(saved);
        // The key typed is gone from the page once it is stored.
        form.reset({ baseUrl: saved.baseUrl, model: saved.model, apiKey: "" });
        setNotice("AI model saved.");
      },
      onError: (error) => {
        const placed = placeIssues(error, FIELD_NAMES);
        placed.fields.forEach(([name, message], i) => form.setError(name as keyof TAiModelForm, { message }, { shouldFocus: i === 0 }));
        setFormError(formMessageOf(placed));
      },
    }),
  );
  const { errors } = form.formState;

  return (
    <section aria-labelledby="ai-model-heading" className="space-y-4">
      <h2 id="ai-model-heading" ref={headingRef} tabIndex={-1} className="text-xl font-semibold outline-none">AI model</h2>
      <Card className="max-w-2xl">
        <CardHeader>
          <CardTitle as="h3" className="text-base">{model ? `${model.model} at ${model.baseUrl}` : "No model set"}</CardTitle>
          <CardDescription>
            Workflow steps of type ai.classify ask this OpenAI-compatible model. Without a model they use their own rules, and answers they are not confident about go to a
            person to decide. A model that refuses for good (a revoked key, an unknown model) is answered for by the rules too; a passing outage is retried.
          </CardDescription>
        </CardHeader>
        <CardContent>
          <form
            noValidate
            aria-label="AI model settings"
            className="grid gap-4"
            onSubmit={form.handleSubmit((values) => {
              setNotice(null);
              setFormError(null);
              save.mutate(aiModelPayloadOf(values));
            })}
          >
            <FormField announceError id="ai-base-url" label="Endpoint" required error={errors.baseUrl?.message} description="The API's base URL, e.g. https://api.openai.com/v1 or your gateway's.">
              <Input type="url" autoComplete="off" spellCheck={false} placeholder="https://" {...form.register("baseUrl")} />
            </FormField>
            <FormField announceError id="ai-model" label="Model" required error={errors.model?.message} description="As the endpoint names it, e.g. gpt-4.1-mini.">
              <Input autoComplete="off" spellCheck={false} {...form.register("model")} />
            </FormField>
            <FormField
              announceError
              id="ai-api-key"
              label={model ? "Replace key" : "API key"}
              required={!model}
              error={errors.apiKey?.message}
              description={model ? `Current key ${model.apiKeyHint}. Leave empty to keep it. Stored encrypted; you will not see it again.` : "Stored encrypted; you will not see it again."}
            >
              {/* Never prefilled, never remembered: the value goes to the server once and is gone. */}
              <Input type="password" autoComplete="off" spellCheck={false} {...form.register("apiKey")} />
            </FormField>
            {formError ? <p role="alert" className="text-sm text-danger">{formError}</p> : null}
            <p role="status" className="text-sm text-success empty:sr-only">{notice}</p>
            <div className="flex flex-wrap gap-2">
              <Button type="submit" disabled={save.isPending}>{save.isPending ? "Saving…" : "Save model"}</Button>
              {model ? (
                <RemoveModelDialog
                  onRemoved={() => {
                    setModel(null);
                    form.reset({ baseUrl: "", model: "", apiKey: "" });
                    setNotice("AI model removed; ai.classify steps use their rules.");
                    headingRef.current?.focus();
                  }}
                />
              ) : null}
            </div>
          </form>
        </CardContent>
      </Card>
    </section>
  );
}
