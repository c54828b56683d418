/** What a pick instruction is built from; every field is a JSONata expression. */
export interface TPickInstruction {
  /** The store's part of the order: `{ store, slackMention?, lines: [{ sku, name, quantity }] }`. */
  part: string;
  orderName: string;
  /** "pickup" or "ship". */
  delivery: string;
  shipTo: string;
  /** A line of context above the instruction, or "" for none. */
  note: string;
  pickSlaMinutes: number;
}

const mention = (part: string) => `($exists(${part}.slackMention) ? " " & ${part}.slackMention : "")`;

/** The Slack message that tells a store to pick: order number, lines, pickup or ship, and the time to be done by (UTC). */
export function pickInstructionText(o: TPickInstruction): string {
  return `(
    $part := ${o.part};
    $deadline := $fromMillis($toMillis($now()) + ${o.pickSlaMinutes * 60_000}, "[H01]:[m01]") & " UTC";
    $todo := ${o.delivery} = "pickup"
      ? "Customer collects in store: pick by " & $deadline & " and hold the order at the pickup counter."
      : "Ship from store: pick by " & $deadline & ", then pack and ship to " & ${o.shipTo} & ".";
    $join($append(
      $append([":package: Order " & ${o.orderName} & " for " & $part.store & ${mention("$part")}], [${o.note}][$ != ""]),
      $append([$todo], [$part.lines.("• " & quantity & " × " & name & " (" & sku & ")")])
    ), "\\n")
  )`;
}

/** Tells the store an order was taken away from it, so nobody picks it twice. */
export function withdrawalText(o: { part: string; orderName: string; movedTo: string; pickSlaMinutes: number }): string {
  return `(
    $part := ${o.part};
    ":no_entry: Order " & ${o.orderName} & " for " & $part.store & ${mention("$part")} & ": not picked within ${o.pickSlaMinutes} minutes, so it now goes from " & ${o.movedTo}
      & ". Do not pick it, and put back anything already picked; its stock here is no longer reserved."
  )`;
}
