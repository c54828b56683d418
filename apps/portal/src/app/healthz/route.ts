export const dynamic = "force-dynamic";

/** The process is up; says nothing about its dependencies. */
export function GET() {
  return Response.json({ status: "ok" }, { headers: { "cache-control": "no-store" } });
}
