import "server-only";
import type { Queryable } from "@/db";
import { getConfig } from "@/lib/config/env";
import { addressOf, consume, describeWait, refund, reset, type LimitState, type RateLimit } from "./rate-limit";
import type { RequestMeta } from "./member";

/**
 * Password guessing is limited three ways, so that one client can never lock someone else
 * out, and many clients together can only pause an account after far more tries than a
 * person makes:
 *
 * - Per address (any e-mail): 20 failures in 15 minutes, then that address is refused until
 *   the quarter-hour ends. A person mistypes a few times; even an office behind one NAT
 *   rarely adds up to 20 in a quarter of an hour, while a guesser from one address is held
 *   to 80 tries an hour across every account. `SIGN_IN_LIMIT_PER_IP` overrides it.
 * - Per e-mail from one address: 8 failures in 15 minutes pause that e-mail from that
 *   address only (the pause the portal always had, now per address): the same person on
 *   another network, or their colleague's, still signs in.
 * - Per e-mail from everywhere: after 3 failures each further failed answer is held back a
 *   little longer (up to 2 s), and at 100 failures in an hour the e-mail is paused for the rest
 *   of the hour. Reaching it takes a distributed attack (at least 4 addresses, each at its own
 *   limits); 100 is the most consecutive failures NIST SP 800-63B (5.2.2) allows an account.
 *
 * Attempts are counted before the password is checked, in one atomic statement per limit, so
 * a parallel burst cannot slip past; a successful sign-in clears the e-mail's counts and takes
 * its own attempt back from the address's (a guesser cannot wipe their address's count by
 * signing in to an account of their own). Counts live in the database (`rate_limits`), so
 * they hold across server processes and restarts.
 */
export const THROTTLE = {
  slowAfter: 3,
  stepMs: 250,
  maxDelayMs: 2_000,
} as const;

const QUARTER_HOUR = 15 * 60;

export interface SignInLimits {
  perIp: RateLimit;
  perAccountAndIp: RateLimit;
  perAccount: RateLimit;
}

export function signInLimits(): SignInLimits {
  return {
    perIp: {
      scope: "sign_in_ip",
      ...(getConfig().rateLimits.signInPerIp ?? { max: 20, windowSeconds: QUARTER_HOUR }),
      refusal: (wait) => `Too many failed sign-in attempts from your network. Sign-in from here is paused; try again in ${wait}.`,
    },
    perAccountAndIp: {
      scope: "sign_in_account_ip",
      max: 8,
      windowSeconds: QUARTER_HOUR,
      refusal: (wait) => `Too many failed sign-in attempts. Sign-in for this e-mail from your network is paused; try again in ${wait}.`,
    },
    perAccount: {
      scope: "sign_in_account",
      max: 100,
      windowSeconds: 60 * 60,
      refusal: (wait) => `Too many failed sign-in attempts for this e-mail from many places. Sign-in for it is paused; try again in ${wait}.`,
    },
  };
}

export interface SignInRefusal {
  allowed: false;
  /** The limit that refused, as `rate_limited:<scope>` errors name it. */
  scope: string;
  message: string;
  retryAfterSeconds: number;
  /** The first refusal of its window: the one worth a line in the audit history. */
  firstInWindow: boolean;
}

export interface SignInClaim {
  allowed: true;
  /** This attempt's number among the e-mail's recent failures, from everywhere. */
  attempt: number;
  /** What each limit will say after this attempt, should the password be wrong. */
  states: { perIp: LimitState; perAccountAndIp: LimitState; perAccount: LimitState };
}

function refusal(limit: RateLimit, state: LimitState): SignInRefusal {
  return {
    allowed: false,
    scope: limit.scope,
    message: limit.refusal(describeWait(state.retryAfterSeconds)),
    retryAfterSeconds: state.retryAfterSeconds,
    firstInWindow: state.hits === limit.max + 1,
  };
}

/** Subjects of one attempt: the address first, so a long e-mail can never cut it off the key. */
const pairOf = (ip: string, email: string) => `${ip} ${email}`;

/**
 * Counts this attempt against the address, then the e-mail from this address, then the
 * e-mail from everywhere, stopping at the first limit reached: an address already refused
 * adds nothing to the e-mail's counts, so it cannot push someone else's account to its pause.
 */
export async function claimSignIn(q: Queryable, email: string, request: RequestMeta | undefined, now = new Date()): Promise<SignInClaim | SignInRefusal> {
  const limits = signInLimits();
  const ip = addressOf(request);
  const perIp = await consume(q, limits.perIp, ip, now);
  if (perIp.limited) return refusal(limits.perIp, perIp);
  const perAccountAndIp = await consume(q, limits.perAccountAndIp, pairOf(ip, email), now);
  if (perAccountAndIp.limited) return refusal(limits.perAccountAndIp, perAccountAndIp);
  const perAccount = await consume(q, limits.perAccount, email, now);
  if (perAccount.limited) return refusal(limits.perAccount, perAccount);
  return { allowed: true, attempt: perAccount.hits, states: { perIp, perAccountAndIp, perAccount } };
}

/**
 * After a wrong password: the pause this very failure started, if it was the last one a limit
 * allows (so the person learns it now, not on their next try). The narrowest limit speaks.
 */
export function pauseStartedBy(claim: SignInClaim): SignInRefusal | undefined {
  const limits = signInLimits();
  for (const name of ["perAccountAndIp", "perIp", "perAccount"] as const) {
    const state = claim.states[name];
    if (state.hits >= limits[name].max) return { ...refusal(limits[name], state), firstInWindow: false };
  }
  return undefined;
}

/** After the right password: the e-mail's counts start again; the address gets its attempt back. */
export async function clearSignInFailures(q: Queryable, email: string, request: RequestMeta | undefined): Promise<void> {
  const limits = signInLimits();
  const ip = addressOf(request);
  await reset(q, limits.perAccountAndIp, pairOf(ip, email));
  await reset(q, limits.perAccount, email);
  await refund(q, limits.perIp, ip);
}

/** How long to hold the answer to the n-th failed attempt on an e-mail. */
export function failureDelayMs(attempt: number): number {
  const over = attempt - THROTTLE.slowAfter;
  return over <= 0 ? 0 : Math.min(over * THROTTLE.stepMs, THROTTLE.maxDelayMs);
}
