import { literal } from "../template";
import { type TMilestone } from "./milestone";
import { type TCustomerNotificationsParams } from "./params";

const escapeHtml = (value: string) => value.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;");

/**
 * The branded HTML e-mail, split around the three parts only known at run time
 * (title, content, footer) rather than marked with placeholders, so text from
 * the shop can never be read as a marker.
 */
function htmlLayout(p: TCustomerNotificationsParams): string[] {
  const font = "font-family:Helvetica,Arial,sans-serif;";
  return [
    '<!DOCTYPE html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>',
    `</title></head><body style="margin:0;padding:0;background:#f4f5f7;">` +
      `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f4f5f7;"><tr><td align="center" style="padding:24px 12px;">` +
      `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:600px;background:#ffffff;border-radius:8px;${font}color:#1f2933;">` +
      `<tr><td style="background:${p.brandColour};color:${p.brandTextColour};padding:20px 24px;font-size:20px;font-weight:bold;border-radius:8px 8px 0 0;">${escapeHtml(p.brandName)}</td></tr>` +
      `<tr><td style="padding:24px;font-size:16px;line-height:1.5;">`,
    `</td></tr><tr><td style="padding:16px 24px;font-size:13px;line-height:1.5;color:#616e7c;border-top:1px solid #e4e7eb;">`,
    "</td></tr></table></td></tr></table></body></html>",
  ];
}

/** Options for {@link composeExpression}. */
export interface ComposeOptions {
  params: TCustomerNotificationsParams;
  /** JSONata for the milestone's facts (see readMilestoneExpression). */
  facts: string;
  /** JSONata for the order looked up in the shop; it reads as undefined when the facts needed no lookup. */
  order: string;
}

/**
 * JSONata composing the notification: `{ to, subject, text, html, milestone,
 * orderNumber, skipReason }`. The partner's texts are plain text with
 * `{placeholder}`s, filled in one pass (a customer named "{amount}" stays so);
 * the HTML escapes the text first and the values separately, and links the
 * tracking URL and support address. Marketing consent (Shopify's
 * accepts_marketing) is not consulted: these are transactional notices about
 * the customer's own order. Only the suppression list and a missing address stop one.
 */
export function composeExpression({ params: p, facts, order }: ComposeOptions): string {
  const messages: Record<TMilestone, { subject: string; body: string }> = {
    order_confirmed: { subject: p.orderConfirmedSubject, body: p.orderConfirmedBody },
    ready_for_pickup: { subject: p.readyForPickupSubject, body: p.readyForPickupBody },
    order_shipped: { subject: p.orderShippedSubject, body: p.orderShippedBody },
    refund_issued: { subject: p.refundIssuedSubject, body: p.refundIssuedBody },
  };
  return `(
  $f := ${facts};
  $o := ${order};
  $message := $lookup(${literal(messages)}, $f.milestone);
  $esc := function($s) { $replace($replace($replace($replace($s, "&", "&amp;"), "<", "&lt;"), ">", "&gt;"), '"', "&quot;") };
  $fill := function($s, $values) { $replace($s, /\\{([A-Za-z]+)\\}/, function($x) { ($v := $lookup($values, $x.groups[0]); $exists($v) ? $v : $x.match) }) };
  $link := function($url, $label) { $contains($url, /^https:\\/\\//) ? '<a href="' & $esc($url) & '" style="color:${p.brandColour};">' & $esc($label) & "</a>" : $esc($label) };
  $to := $f.email ? $f.email : $o.email;
  $amount := $f.amount ? $f.amount : ($o.totalPrice ? { "value": $number($o.totalPrice.amount), "currency": $o.totalPrice.currencyCode } : null);
  $t := $f.tracking;
  $trackingLead := $t ? "Track your parcel" & ($t.carrier ? " with " & $t.carrier : "") & ($t.number ? ", tracking number " & $t.number : "") : "";
  $text := {
    "customerName": $f.customerName ? $f.customerName : ${literal(p.fallbackCustomerName)},
    "orderNumber": $f.orderNumber ? $f.orderNumber : $o.name,
    "amount": $amount ? $formatNumber($amount.value, "#,##0.00") & " " & $amount.currency : "",
    "carrier": $t.carrier ? $t.carrier : "",
    "trackingNumber": $t.number ? $t.number : "",
    "trackingUrl": $t.url ? $t.url : "",
    "tracking": $t ? $trackingLead & ($t.url ? ": " & $t.url : ".") : "",
    "brandName": ${literal(p.brandName)},
    "supportEmail": ${literal(p.supportEmail)}
  };
  $html := $merge($append($each($text, function($v, $k) { { $k: $esc($v) } }), [
    {
      "trackingUrl": $t.url ? $link($t.url, $t.url) : "",
      "tracking": $t ? $esc($trackingLead) & ($t.url ? ": " & $link($t.url, $t.url) : ".") : "",
      "supportEmail": '<a href="mailto:' & $esc($text.supportEmail) & '" style="color:${p.brandColour};">' & $esc($text.supportEmail) & "</a>"
    }
  ]));
  $paragraphs := function($s) {
    $join($split($replace($s, "\\r\\n", "\\n"), /\\n[ \\t]*\\n/)[$trim($) != ""].('<p style="margin:0 0 16px;">' & $trim($replace($, "\\n", "<br>")) & "</p>"))
  };
  $subject := $substring($trim($fill($message.subject, $text)), 0, 250);
  $suppressed := $lowercase($to) in ${literal(p.suppressedEmails.map((email) => email.toLowerCase()))};
  $layout := ${literal(htmlLayout(p))};
  {
    "milestone": $f.milestone,
    "orderNumber": $text.orderNumber,
    "to": $to ? $to : null,
    "subject": $subject,
    "text": $fill($message.body, $text) & "\\n\\n-- \\n" & $fill(${literal(p.footer)}, $text),
    "html": $layout[0] & $esc($subject) & $layout[1] & $paragraphs($fill($esc($message.body), $html)) & $layout[2] & $paragraphs($fill($esc(${literal(p.footer)}), $html)) & $layout[3],
    "skipReason": $to ? ($suppressed ? $to & " is on the never-e-mail list" : null) : "order " & $text.orderNumber & " has no customer e-mail address"
  }
)`;
}
