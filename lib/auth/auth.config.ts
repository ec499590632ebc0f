import type { NextAuthConfig } from "next-auth";

/**
 * The part of the Auth.js configuration that needs no Node APIs (no database, no argon2):
 * pages and the JWT ↔ session mapping. Providers and the adapter live in auth.ts.
 */
export const authConfig = {
  pages: { signIn: "/login", error: "/login" },
  session: { strategy: "jwt", maxAge: 30 * 24 * 60 * 60 },
  trustHost: true,
  providers: [],
  callbacks: {
    jwt({ token, user }) {
      if (user?.id) token.sub = user.id;
      return token;
    },
    // Only the id, name and e-mail reach the browser; never anything from the users row.
    session({ session, token }) {
      return {
        expires: session.expires,
        user: { id: token.sub ?? "", name: session.user?.name ?? null, email: session.user?.email ?? "" },
      } as typeof session;
    },
  },
} satisfies NextAuthConfig;
