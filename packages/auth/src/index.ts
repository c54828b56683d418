export { readAuthEnv } from "./env";
export { hashPassword, verifyPassword, ZNewPassword } from "./password";
export { createSession, deleteSession, getSessionUser, sessionCookieName, SESSION_MAX_AGE_S, type TSessionUser } from "./sessions";
export { createSignInLimiter, type SignInLimiter, type SignInLimiterOptions } from "./sign-in-limiter";
export { signInWithPassword, ZPasswordSignInInput, MAX_FAILED_SIGN_INS, LOCKOUT_MS, type PasswordSignInOptions } from "./password-sign-in";
export { listUserMemberships, pickActiveMembership, type TMembershipSummary } from "./memberships";
export { acceptInvitation, getInvitationPreview, ZAcceptInvitationInput, type AcceptInvitationOptions } from "./invitations";
export { createAuthConfig, type CreateAuthConfigOptions } from "./auth-config";
export { handleAuthRequest, requestMagicLink, type RequestMagicLinkOptions } from "./auth-http";
