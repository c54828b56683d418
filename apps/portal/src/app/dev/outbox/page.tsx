import { listOutbox } from "@storeflow/mail";
import { Card, CardContent, CardHeader, CardTitle, EmptyState } from "@storeflow/ui";
import { notFound } from "next/navigation";
import { getDb, services } from "@/server/services";

export const metadata = { title: "Development outbox" };

/** Mail sink for development and tests: exists only while MAIL_TRANSPORT=outbox. */
export default async function OutboxPage({ searchParams }: { searchParams: Promise<{ to?: string }> }) {
  if (services().env.MAIL_TRANSPORT !== "outbox") notFound();
  const { to } = await searchParams;
  const mails = await listOutbox(getDb(), { to, limit: 50 });
  return (
    <main className="mx-auto max-w-3xl space-y-4 p-6">
      <h1 className="text-2xl font-semibold">Development outbox</h1>
      <p className="text-sm text-muted-foreground">E-mails the portal would have sent, newest first. Nothing here leaves this machine.</p>
      {mails.length === 0 ? (
        <EmptyState title="No e-mails yet" description="Ask for a sign-in link or invite someone; the message appears here." />
      ) : (
        mails.map((mail) => (
          <Card key={mail.id}>
            <CardHeader>
              <CardTitle className="text-base">{mail.subject}</CardTitle>
              <p className="text-xs text-muted-foreground">
                To {mail.to} · {mail.createdAt.toISOString()}
              </p>
            </CardHeader>
            <CardContent>
              <pre className="whitespace-pre-wrap break-all text-sm" data-testid="mail-body">
                {mail.text.split(/(https?:\/\/\S+)/).map((part, i) =>
                  /^https?:\/\//.test(part) ? (
                    <a key={i} className="underline" href={part}>{part}</a>
                  ) : (
                    part
                  ),
                )}
              </pre>
            </CardContent>
          </Card>
        ))
      )}
    </main>
  );
}
