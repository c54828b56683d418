import { z } from "zod";

export const CHANNEL_KINDS = [
  { value: "email", label: "E-mail" },
  { value: "slack", label: "Slack (incoming webhook)" },
  { value: "teams", label: "Microsoft Teams (workflow webhook)" },
  { value: "webhook", label: "Signed webhook" },
] as const;

/** What the browser checks before adding a channel; the server checks again. */
export const ZChannelForm = z
  .object({
    kind: z.enum(["email", "slack", "teams", "webhook"]),
    name: z.string().trim().min(1, "Name the channel").max(100, "Use at most 100 characters"),
    recipients: z.string(),
    url: z.string().trim(),
  })
  .superRefine((form, ctx) => {
    if (form.kind === "email") {
      const list = recipientsOf(form.recipients);
      if (list.length === 0) ctx.addIssue({ code: "custom", path: ["recipients"], message: "Add at least one recipient" });
      else if (list.length > 20) ctx.addIssue({ code: "custom", path: ["recipients"], message: "At most 20 recipients" });
      else if (list.some((email) => !z.email().safeParse(email).success)) ctx.addIssue({ code: "custom", path: ["recipients"], message: "Enter e-mail addresses, one per line or comma-separated" });
    } else if (!z.url({ protocol: /^https?$/ }).safeParse(form.url).success) {
      ctx.addIssue({ code: "custom", path: ["url"], message: "Enter the webhook's http(s) URL" });
    }
  });
export type TChannelForm = z.input<typeof ZChannelForm>;

const recipientsOf = (text: string) => text.split(/[\s,;]+/).filter(Boolean);

/** The input of alert.channel.create. */
export function channelPayloadOf(form: TChannelForm) {
  const name = form.name.trim();
  return form.kind === "email" ? { kind: form.kind, name, recipients: recipientsOf(form.recipients) } : { kind: form.kind, name, url: form.url.trim() };
}
