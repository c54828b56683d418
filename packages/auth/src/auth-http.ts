import { Auth, type AuthConfig, skipCSRFCheck } from "@auth/core";

/** Serves Auth.js's own routes under /api/auth (magic-link callback, session, CSRF). */
export function handleAuthRequest(request: Request, config: AuthConfig): Promise<Response> {
  return Auth(request, config);
}

/** Options for {@link requestMagicLink}. */
export interface RequestMagicLinkOptions {
  config: AuthConfig;
  /** The portal origin the link must point back to. */
  origin: string;
  email: string;
  callbackUrl: string;
}

/**
 * Asks Auth.js to mail a sign-in link. Called from a server action, whose
 * same-origin check stands in for Auth.js's CSRF token (as next-auth does).
 * Unknown addresses get no mail; the caller says "check your e-mail" either way,
 * so the answer does not reveal who has an account.
 */
export async function requestMagicLink({ config, origin, email, callbackUrl }: RequestMagicLinkOptions): Promise<{ sent: boolean }> {
  const request = new Request(new URL("/api/auth/signin/email", origin), {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", "x-auth-return-redirect": "1" },
    body: new URLSearchParams({ email, callbackUrl }),
  });
  const response = await Auth(request, { ...config, skipCSRFCheck });
  const { url } = (await response.json()) as { url?: string };
  return { sent: Boolean(url && !new URL(url, origin).searchParams.has("error")) };
}
