/** What {@link buildAdaptiveCardMessage} renders. */
export interface TTeamsCardContent {
  title: string;
  text: string;
  facts?: { title: string; value: string }[];
  link?: { url: string; title: string };
}

/**
 * The message a Teams Workflows webhook (and the older incoming webhook) expects:
 * a `message` whose one attachment is an Adaptive Card. Version 1.4 is what the
 * Workflows "post card" step renders on every Teams client.
 */
export function buildAdaptiveCardMessage({ title, text, facts, link }: TTeamsCardContent) {
  const body: Record<string, unknown>[] = [
    { type: "TextBlock", text: title, size: "Medium", weight: "Bolder", wrap: true, style: "heading" },
    { type: "TextBlock", text, wrap: true },
  ];
  if (facts?.length) body.push({ type: "FactSet", facts });
  return {
    type: "message",
    attachments: [
      {
        contentType: "application/vnd.microsoft.card.adaptive",
        contentUrl: null,
        content: {
          $schema: "http://adaptivecards.io/schemas/adaptive-card.json",
          type: "AdaptiveCard",
          version: "1.4",
          body,
          ...(link ? { actions: [{ type: "Action.OpenUrl", title: link.title, url: link.url }] } : {}),
          msteams: { width: "Full" },
        },
      },
    ],
  };
}
