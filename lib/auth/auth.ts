import "server-only";
import { headers } from "next/headers";
import NextAuth, { CredentialsSignin, type NextAuthConfig } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import GitHub from "next-auth/providers/github";
import { DrizzleAdapter } from "@auth/drizzle-adapter";
import { getDb } from "@/db";
import { accounts, sessions, users, verificationTokens } from "@/db/schema";
import { getConfig } from "@/lib/config/env";
import { getAuthSecret } from "@/lib/config/secrets";
import { requestMetaFrom } from "@/lib/api/request-context";
import { authenticate, ensureOwnTeam, recordSignIn } from "@/lib/portal/accounts";
import { authConfig } from "./auth.config";
import { secureCookies } from "./session-claims";
import { sessionJwt } from "./session-token";

class LoginRefused extends CredentialsSignin {
  constructor(code: string) {
    super();
    this.code = code;
  }
}

// Lazy: the secret file and the database are touched on first use, not when `next build`
// imports this module.
export const { handlers, auth, signIn, signOut } = NextAuth(async (): Promise<NextAuthConfig> => {
  const config = getConfig();
  const db = await getDb();
  // Auth.js builds its own absolute URLs (redirects, the OAuth callback) from AUTH_URL, read
  // from the environment on each request; with a PUBLIC_ORIGIN, that is where people are.
  if (config.publicOrigin && !process.env.AUTH_URL) process.env.AUTH_URL = config.publicOrigin;
  return {
    ...authConfig,
    callbacks: {
      ...authConfig.callbacks,
      jwt: sessionJwt,
    },
    secret: getAuthSecret(),
    // Secure (`__Secure-`/`__Host-`) cookies whenever people reach the portal over https: said
    // by PUBLIC_ORIGIN, or else read per request from the scheme, which is a trusted proxy's
    // X-Forwarded-Proto or the socket's own (lib/net/forwarded-headers.ts), never a client's.
    useSecureCookies: secureCookies(config.publicOrigin),
    adapter: DrizzleAdapter(db, {
      usersTable: users,
      accountsTable: accounts,
      sessionsTable: sessions,
      verificationTokensTable: verificationTokens,
    } as never),
    providers: [
      Credentials({
        credentials: { email: { type: "email" }, password: { type: "password" } },
        async authorize(credentials, request) {
          // Also reached by a POST straight to /api/auth/callback/credentials, past the sign-in
          // form: the same throttles apply, with the address read as everywhere else.
          const result = await authenticate(
            { email: String(credentials.email ?? ""), password: String(credentials.password ?? "") },
            requestMetaFrom(request.headers),
          );
          if (!result.ok) throw new LoginRefused(result.reason);
          return result.user;
        },
      }),
      ...(config.github ? [GitHub({ clientId: config.github.clientId, clientSecret: config.github.clientSecret })] : []),
    ],
    events: {
      async createUser({ user }) {
        if (user.id) await ensureOwnTeam(user.id);
      },
      async signIn({ user, account }) {
        if (user.id) await recordSignIn(user.id, account?.provider ?? "credentials", await signInRequestMeta());
      },
    },
  };
});

/** Where a sign-in came from, for the audit history; nothing when called outside a request. */
async function signInRequestMeta(): Promise<{ ip?: string; userAgent?: string } | undefined> {
  try {
    return requestMetaFrom(await headers());
  } catch {
    return undefined;
  }
}

export function githubEnabled(): boolean {
  return Boolean(getConfig().github);
}
