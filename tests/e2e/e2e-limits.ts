/**
 * The per-address abuse limits of the end-to-end server. Every spec's browser is the one
 * loopback address, so the windows are short: throttles.spec.ts reaches each limit through the
 * forms and then waits the window out, and the counts stay above what any other spec does in
 * one window (at most 5 sign-ups per spec, a handful of dead share links). A spec that needs
 * more within 20 seconds raises them here; playwright.config.ts and throttles.spec.ts both read
 * them from this file.
 */
export const E2E_LIMITS = {
  signInPerIp: 10,
  registrationPerIp: 8,
  shareLookupPerIp: 10,
  windowSeconds: 20,
} as const;

/** As the server reads them (`<count>/<window>`, lib/config/env.ts). */
export const E2E_LIMIT_ENV = {
  SIGN_IN_LIMIT_PER_IP: `${E2E_LIMITS.signInPerIp}/${E2E_LIMITS.windowSeconds}s`,
  REGISTRATION_LIMIT_PER_IP: `${E2E_LIMITS.registrationPerIp}/${E2E_LIMITS.windowSeconds}s`,
  SHARE_LOOKUP_LIMIT_PER_IP: `${E2E_LIMITS.shareLookupPerIp}/${E2E_LIMITS.windowSeconds}s`,
};
