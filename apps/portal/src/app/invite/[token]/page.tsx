import { getInvitationPreview } from "@storeflow/auth";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@storeflow/ui";
import Link from "next/link";
import { AcceptInvitationForm } from "@/features/auth/accept-invitation-form";
import { getDb } from "@/server/services";
import { getRequestContext } from "@/server/session";

export const metadata = { title: "Invitation" };

const ROLE_LABEL: Record<string, string> = {
  partner_owner: "Owner",
  partner_admin: "Administrator",
  partner_operator: "Operator",
  client_admin: "Administrator",
  client_viewer: "Viewer",
};

export default async function InvitationPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const [preview, ctx] = await Promise.all([getInvitationPreview(getDb(), token), getRequestContext()]);
  return (
    <main className="flex min-h-screen items-center justify-center p-6">
      <Card className="w-full max-w-md">
        {!preview ? (
          <CardHeader>
            <CardTitle>Invitation not found</CardTitle>
            <CardDescription>The link is incomplete or was replaced by a newer one. Ask the person who invited you to send it again.</CardDescription>
          </CardHeader>
        ) : preview.status !== "pending" ? (
          <CardHeader>
            <CardTitle>This invitation can no longer be used</CardTitle>
            <CardDescription>
              It has {preview.status === "accepted" ? "already been accepted" : preview.status === "expired" ? "expired" : "been withdrawn"}.{" "}
              {preview.status === "accepted" ? <Link className="underline" href="/sign-in">Sign in</Link> : "Ask for a new one."}
            </CardDescription>
          </CardHeader>
        ) : (
          <>
            <CardHeader>
              <CardTitle>Join {preview.clientName ?? preview.partnerName}</CardTitle>
              <CardDescription>
                {preview.email} is invited to {preview.productName} as {ROLE_LABEL[preview.role] ?? preview.role}
                {preview.clientName ? ` of ${preview.clientName}` : ""}.
              </CardDescription>
            </CardHeader>
            <CardContent>
              <AcceptInvitationForm
                token={token}
                email={preview.email}
                mode={ctx.session ? "signed-in" : preview.hasPassword ? "sign-in-first" : preview.hasAccount ? "set-password" : "new-account"}
                signedInAs={ctx.session?.user.email ?? null}
              />
            </CardContent>
          </>
        )}
      </Card>
    </main>
  );
}
