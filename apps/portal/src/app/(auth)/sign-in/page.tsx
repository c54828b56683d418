import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@storeflow/ui";
import { type Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { MagicLinkForm } from "@/features/auth/magic-link-form";
import { PasswordSignInForm } from "@/features/auth/password-sign-in-form";
import { getRequestContext } from "@/server/session";
import { services } from "@/server/services";

export const metadata: Metadata = { title: "Sign in" };

const ERRORS: Record<string, string> = {
  Verification: "That sign-in link has expired or was already used. Ask for a new one.",
  AccessDenied: "That sign-in link cannot be used.",
};

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string; error?: string }> }) {
  const { callbackUrl, error } = await searchParams;
  if ((await getRequestContext()).session) redirect(callbackUrl?.startsWith("/") ? callbackUrl : "/");
  const outbox = services().env.MAIL_TRANSPORT === "outbox";
  return (
    <Card>
      <CardHeader>
        <CardTitle>Sign in</CardTitle>
        <CardDescription>Use your password, or get a one-time link by e-mail.</CardDescription>
      </CardHeader>
      <CardContent className="space-y-6">
        {error ? (
          <p role="alert" className="rounded-md border border-danger/40 bg-danger/10 p-3 text-sm">
            {ERRORS[error] ?? "Sign-in failed. Try again."}
          </p>
        ) : null}
        <PasswordSignInForm callbackUrl={callbackUrl} />
        <div className="flex items-center gap-3 text-xs text-muted-foreground" aria-hidden>
          <span className="h-px flex-1 bg-border" />
          or
          <span className="h-px flex-1 bg-border" />
        </div>
        <MagicLinkForm callbackUrl={callbackUrl} />
        {outbox ? (
          <p className="text-xs text-muted-foreground">
            Development mode: e-mails are kept in the <Link className="underline" href="/dev/outbox">outbox</Link>.
          </p>
        ) : null}
      </CardContent>
    </Card>
  );
}
