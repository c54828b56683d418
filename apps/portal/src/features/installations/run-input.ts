/** A JSON value, as installation.start takes a run's input. */
export type TJsonValue = string | number | boolean | null | TJsonValue[] | { [key: string]: TJsonValue };

/** A run's input as typed: empty means `{}`; anything else must be JSON. */
export function parseRunInput(text: string): { ok: true; value: TJsonValue } | { ok: false; message: string } {
  if (text.trim() === "") return { ok: true, value: {} };
  try {
    return { ok: true, value: JSON.parse(text) as TJsonValue };
  } catch (error) {
    return { ok: false, message: `Not valid JSON: ${error instanceof Error ? error.message : "check the syntax"}` };
  }
}
