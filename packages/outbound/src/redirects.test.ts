import { describe, expect, it } from "vitest";
import { followRedirect, readRedirectLocation, type THop } from "./redirects";

function hop(method: string, body?: RequestInit["body"]): THop {
  const headers = new Headers({ "content-type": "application/json", authorization: "Bearer t", cookie: "a=1", "x-trace": "1" });
  return { url: new URL("https://a.example/start"), method, headers, body };
}

describe("followRedirect", () => {
  const sameOrigin = new URL("https://a.example/next");

  it("303 turns a POST into a body-less GET and drops the body's headers", () => {
    const next = followRedirect(hop("POST", "{}"), { status: 303, location: sameOrigin });
    expect(next).toMatchObject({ method: "GET", body: undefined, url: sameOrigin });
    expect(next.headers.has("content-type")).toBe(false);
    expect(next.headers.get("x-trace")).toBe("1");
  });

  it("303 keeps HEAD; 301 and 302 change only POST", () => {
    expect(followRedirect(hop("HEAD"), { status: 303, location: sameOrigin }).method).toBe("HEAD");
    expect(followRedirect(hop("PUT", "{}"), { status: 303, location: sameOrigin }).method).toBe("GET");
    expect(followRedirect(hop("POST", "{}"), { status: 301, location: sameOrigin })).toMatchObject({ method: "GET", body: undefined });
    expect(followRedirect(hop("POST", "{}"), { status: 302, location: sameOrigin })).toMatchObject({ method: "GET", body: undefined });
    expect(followRedirect(hop("PUT", "{}"), { status: 302, location: sameOrigin })).toMatchObject({ method: "PUT", body: "{}" });
  });

  it("307 and 308 keep method, body and its headers", () => {
    for (const status of [307, 308]) {
      const next = followRedirect(hop("POST", "{}"), { status, location: sameOrigin });
      expect(next).toMatchObject({ method: "POST", body: "{}" });
      expect(next.headers.get("content-type")).toBe("application/json");
    }
  });

  it("refuses to resend a streamed body", () => {
    const stream = new ReadableStream({ start: (controller) => controller.close() });
    expect(() => followRedirect(hop("POST", stream), { status: 307, location: sameOrigin })).toThrow(/streamed request body/);
  });

  it("drops credentials when leaving the origin, keeps them within it", () => {
    expect(followRedirect(hop("GET"), { status: 302, location: sameOrigin }).headers.get("authorization")).toBe("Bearer t");
    const away = followRedirect(hop("GET"), { status: 302, location: new URL("http://a.example/start") }).headers;
    expect([away.has("authorization"), away.has("cookie"), away.get("x-trace")]).toEqual([false, false, "1"]);
  });
});

describe("readRedirectLocation", () => {
  const base = new URL("https://a.example/dir/page");

  it("resolves a relative Location against the current URL", () => {
    expect(readRedirectLocation(new Response(null, { status: 302, headers: { location: "../other?q=1" } }), base)?.href).toBe("https://a.example/other?q=1");
  });

  it("ignores non-redirect statuses and redirects without a Location", () => {
    expect(readRedirectLocation(new Response(null, { status: 304, headers: { location: "/x" } }), base)).toBeUndefined();
    expect(readRedirectLocation(new Response(null, { status: 302 }), base)).toBeUndefined();
  });
});
