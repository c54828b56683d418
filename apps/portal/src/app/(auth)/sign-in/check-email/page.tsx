import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@storeflow/ui";
import Link from "next/link";
import { services } from "@/server/services";

export default function CheckEmailPage() {
  const outbox = services().env.MAIL_TRANSPORT === "outbox";
  return (
    <Card>
      <CardHeader>
        <CardTitle>Check your e-mail</CardTitle>
        <CardDescription>If an account exists for that address, a sign-in link is on its way. It works once, for 15 minutes.</CardDescription>
      </CardHeader>
      <CardContent className="space-y-2 text-sm">
        {outbox ? (
          <p>
            Development mode: open the <Link className="underline" href="/dev/outbox">outbox</Link> to find the link.
          </p>
        ) : null}
        <p>
          <Link className="underline" href="/sign-in">Back to sign in</Link>
        </p>
      </CardContent>
    </Card>
  );
}
