"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { type RouterOutputs } from "@storeflow/api";
import { brandCssVariables, Button, Card, CardContent, CardHeader, CardTitle, type ColorMode, FormField, Input, NEAR_BLACK, PAGE_BACKGROUND } from "@storeflow/ui";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { type CSSProperties, useState } from "react";
import { useForm } from "react-hook-form";
import { z } from "zod";
import { useTRPC } from "@/trpc/react";
import { fieldErrorsOf, messageOf } from "@/trpc/errors";

const hex = z.string().regex(/^#[0-9a-fA-F]{6}$/, "Use a 6-digit hex colour such as #1d4ed8");
const optionalUrl = z.union([z.literal(""), z.url({ protocol: /^https?$/, message: "Enter an http(s) address" })]);
const ZForm = z.object({
  productName: z.string().trim().min(2, "Use at least 2 characters").max(60),
  primaryColor: hex,
  accentColor: hex,
  supportEmail: z.email("Enter a valid e-mail address"),
  logoUrl: optionalUrl,
  customDomain: z.string().trim(),
  showPoweredBy: z.boolean(),
});
type TForm = z.infer<typeof ZForm>;

/** The preview's own page colours per mode, so each sample shows its mode whatever mode the page is in. */
const PREVIEW_PAGE: Record<ColorMode, { "--background": string; "--foreground": string }> = {
  light: { "--background": PAGE_BACKGROUND.light, "--foreground": NEAR_BLACK },
  dark: { "--background": PAGE_BACKGROUND.dark, "--foreground": "#f3f4f6" },
};

function safeVariables(primaryColor: string, accentColor: string, mode: ColorMode): CSSProperties {
  try {
    return { ...brandCssVariables({ primaryColor, accentColor }, mode), ...PREVIEW_PAGE[mode] } as CSSProperties;
  } catch {
    return PREVIEW_PAGE[mode] as CSSProperties;
  }
}

export function BrandSettingsForm({ partner }: { partner: RouterOutputs["partner"]["get"] }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [notice, setNotice] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm<TForm>({
    resolver: zodResolver(ZForm),
    defaultValues: {
      productName: partner.productName,
      primaryColor: partner.primaryColor,
      accentColor: partner.accentColor,
      supportEmail: partner.supportEmail,
      logoUrl: partner.logoUrl ?? "",
      customDomain: partner.customDomain ?? "",
      showPoweredBy: partner.showPoweredBy,
    },
  });
  const update = useMutation(
    trpc.partner.updateBrand.mutationOptions({
      onSuccess: () => {
        setNotice("Brand saved.");
        router.refresh();
      },
      onError: (error) => {
        setFormError(messageOf(error));
        for (const [field, message] of Object.entries(fieldErrorsOf(error))) form.setError(field as keyof TForm, { message });
      },
    }),
  );
  const live = form.watch();
  const { errors } = form.formState;

  return (
    <section aria-labelledby="brand-heading" className="space-y-4">
      <h2 id="brand-heading" className="text-xl font-semibold">Brand</h2>
      <div className="grid gap-6 lg:grid-cols-2">
        <Card>
          <CardContent className="pt-6">
            <form
              noValidate
              aria-label="Brand settings"
              className="space-y-4"
              onSubmit={form.handleSubmit((v) => {
                setNotice(null);
                setFormError(null);
                update.mutate({ ...v, logoUrl: v.logoUrl || null, customDomain: v.customDomain || null });
              })}
            >
              <FormField id="productName" label="Product name" description="Shown to your clients instead of Storeflow." error={errors.productName?.message}>
                <Input id="productName" {...form.register("productName")} />
              </FormField>
              <div className="grid grid-cols-2 gap-4">
                <FormField id="primaryColor" label="Primary colour" error={errors.primaryColor?.message}>
                  <Input id="primaryColor" {...form.register("primaryColor")} />
                </FormField>
                <FormField id="accentColor" label="Accent colour" error={errors.accentColor?.message}>
                  <Input id="accentColor" {...form.register("accentColor")} />
                </FormField>
              </div>
              <FormField id="supportEmail" label="Support e-mail" error={errors.supportEmail?.message}>
                <Input id="supportEmail" type="email" {...form.register("supportEmail")} />
              </FormField>
              <FormField id="logoUrl" label="Logo URL" description="Square image, at least 64 px." error={errors.logoUrl?.message}>
                <Input id="logoUrl" type="url" placeholder="https://" {...form.register("logoUrl")} />
              </FormField>
              <FormField id="customDomain" label="Custom domain" description="For example portal.yourcompany.com; point its DNS at Storeflow." error={errors.customDomain?.message}>
                <Input id="customDomain" placeholder="portal.example.com" {...form.register("customDomain")} />
              </FormField>
              <label className="flex items-center gap-2 text-sm">
                <input type="checkbox" className="h-4 w-4" {...form.register("showPoweredBy")} />
                Show “Powered by Storeflow”
              </label>
              {formError ? <p role="alert" className="text-sm text-danger">{formError}</p> : null}
              {notice ? <p role="status" className="text-sm text-success">{notice}</p> : null}
              <Button type="submit" disabled={update.isPending}>{update.isPending ? "Saving…" : "Save brand"}</Button>
            </form>
          </CardContent>
        </Card>
        {/* A plain div may not carry a name (aria-prohibited-attr); a region may, and is a landmark to jump to. */}
        <Card role="region" aria-label="Preview">
          <CardHeader>
            <CardTitle className="text-lg">Preview</CardTitle>
          </CardHeader>
          <CardContent>
            <div className="grid gap-3">
              {(["light", "dark"] as const).map((mode) => (
                <div key={mode} data-testid={`brand-preview-${mode}`} style={safeVariables(live.primaryColor, live.accentColor, mode)} className="space-y-4 rounded-lg border border-border bg-background p-4 text-foreground">
                  <p className="text-xs font-semibold tracking-wide uppercase">{mode === "light" ? "Light mode" : "Dark mode"}</p>
                  <div className="flex items-center gap-2 font-semibold">
                    <span aria-hidden className="flex h-8 w-8 items-center justify-center rounded bg-brand text-brand-foreground">{live.productName?.[0] ?? "?"}</span>
                    {live.productName}
                  </div>
                  <div className="flex gap-2">
                    <span className="rounded-md bg-brand px-3 py-1.5 text-sm text-brand-foreground">Primary button</span>
                    <span className="rounded-md bg-accent px-3 py-1.5 text-sm text-accent-foreground">Accent</span>
                  </div>
                  <p className="text-sm text-brand-text">Links and highlights use a shade that stays readable{mode === "dark" ? " on the dark background too" : ""}.</p>
                </div>
              ))}
            </div>
          </CardContent>
        </Card>
      </div>
    </section>
  );
}
