// Slack's documented incoming-webhook error strings, with what the partner can do about them.
const EXPLANATIONS: Record<string, string> = {
  invalid_payload: "Slack could not read the message",
  no_text: "the message has neither text nor blocks",
  invalid_blocks: "one of the blocks is not valid Block Kit",
  too_many_attachments: "the message has more than 100 attachments",
  user_not_found: "the user the webhook posts as no longer exists",
  channel_not_found: "the webhook's channel no longer exists; create a new webhook",
  channel_is_archived: "the webhook's channel is archived; unarchive it or create a new webhook",
  action_prohibited: "the workspace's admins restrict posting with this webhook",
  posting_to_general_channel_denied: "only admins may post to this channel",
  invalid_token: "the webhook URL is wrong or was revoked; paste it again",
  no_service: "the webhook was removed or its app uninstalled; create a new webhook",
  no_service_id: "the webhook URL is incomplete; paste it again",
  no_team: "the webhook URL names no workspace; paste it again",
  team_disabled: "the Slack workspace is disabled",
  rollup_error: "Slack had an internal error",
};

/** `channel_not_found (the webhook's channel no longer exists; …)` for a known code, the text itself otherwise. */
export function explainSlackError(body: string): string {
  const code = body.trim();
  const explanation = Object.hasOwn(EXPLANATIONS, code) ? EXPLANATIONS[code] : undefined;
  return explanation ? `${code} (${explanation})` : code;
}
