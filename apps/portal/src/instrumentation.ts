/** Runs once when the server starts: a bad environment stops it with a clear message. */
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") await import("./validate-env-at-boot");
}
