import type { Fixtures, PrincipalView } from "./principals";
import type { Answer } from "./requests";

export interface CheckContext {
  fx: Fixtures;
  p: PrincipalView;
}

/** A text the answer must contain: fixed, or taken from the fixtures and the principal (a name, an id). */
export type Text = string | ((c: CheckContext) => string);
const resolve = (text: Text, c: CheckContext) => (typeof text === "string" ? text : text(c));

/**
 * The declared answer of one cell. `refused` marks a refusal. `mayChange` marks an answer that
 * may record something (an action done, a download, which is audited); every other cell must
 * change nothing, which the runner checks around it with the row's state reads.
 */
export interface Outcome {
  label: string;
  refused: boolean;
  mayChange?: boolean;
  check(answer: Answer, c: CheckContext): string[];
}

const json = (answer: Answer): { detail?: string } | null => {
  try {
    return JSON.parse(answer.text) as { detail?: string };
  } catch {
    return null;
  }
};

function status(expected: number, answer: Answer): string[] {
  return answer.status === expected ? [] : [`status ${answer.status}, expected ${expected}: ${answer.text.slice(0, 200).replace(/\s+/g, " ")}`];
}

function contains(answer: Answer, texts: Text[], c: CheckContext): string[] {
  return texts.map((t) => resolve(t, c)).filter((t) => !answer.text.includes(t)).map((t) => `the answer does not contain ${JSON.stringify(t)}`);
}

function locationPath(answer: Answer): string | null {
  const location = answer.headers.location ?? answer.headers["x-action-redirect"]?.replace(/;(push|replace)$/, "");
  return location ? (({ pathname, search }) => pathname + search)(new URL(location, "http://portal.invalid")) : null;
}

/**
 * A page that renders for this principal, showing the given texts. Each must be one piece of
 * text in the markup: React writes `<!-- -->` between a literal and an interpolated value.
 */
export function page(...shows: Text[]): Outcome {
  return {
    label: "200 page",
    refused: false,
    check: (a, c) => [...status(200, a), ...(a.contentType.startsWith("text/html") ? [] : [`content type ${a.contentType}, expected HTML`]), ...contains(a, shows, c)],
  };
}

/** A page that renders, but says the role may not do what it is for (status 200, refusal text shown). */
export function refusedPage(...shows: Text[]): Outcome {
  return { ...page(...shows), label: "200 page with a refusal", refused: true };
}

/** A temporary redirect to a path (the portal's redirect() answers 307). */
export function redirect(to: string | RegExp, code = 307): Outcome {
  return {
    label: `${code} → ${String(to)}`,
    refused: false,
    check(a) {
      const where = locationPath(a);
      const matches = where !== null && (typeof to === "string" ? where === to : to.test(where));
      return [...status(code, a), ...(matches ? [] : [`redirects to ${where}, expected ${String(to)}`])];
    },
  };
}

/** Not signed in: pages send the visitor to the sign-in page. */
export const toLogin: Outcome = { ...redirect("/login"), label: "307 → /login", refused: true };

export function pageNotFound(): Outcome {
  return { label: "404 page", refused: true, check: (a) => [...status(404, a)] };
}

/** JSON (or another text answer) with status 200 containing the given texts. */
export function ok(...shows: Text[]): Outcome {
  return { label: "200", refused: false, check: (a, c) => [...status(200, a), ...contains(a, shows, c)] };
}

/** A file (zip, PNG, CSV …) of the expected type. */
export function file(contentType: RegExp, ...shows: Text[]): Outcome {
  return {
    label: "200 file",
    refused: false,
    mayChange: true,
    check: (a, c) => [...status(200, a), ...(contentType.test(a.contentType) ? [] : [`content type ${a.contentType}, expected ${contentType}`]), ...(a.bytes > 0 ? [] : ["an empty body"]), ...contains(a, shows, c)],
  };
}

function jsonRefusal(code: number, label: string, detail?: string | RegExp): Outcome {
  return {
    label,
    refused: true,
    check(a) {
      const body = json(a);
      const problems = status(code, a);
      if (detail === undefined) return problems;
      const said = body?.detail;
      const matches = typeof said === "string" && (typeof detail === "string" ? said === detail : detail.test(said));
      return [...problems, ...(matches ? [] : [`detail ${JSON.stringify(said)}, expected ${String(detail)}`])];
    },
  };
}

export const unauthorized = (detail: string | RegExp) => jsonRefusal(401, "401", detail);
export const forbidden = (detail: string | RegExp) => jsonRefusal(403, "403", detail);
export const notFound = (detail?: string | RegExp) => jsonRefusal(404, "404 not found", detail);
export const methodNotAllowed = (): Outcome => ({ ...jsonRefusal(405, "405"), refused: true });
/** A capability URL refused (a result link without a valid signature). */
export const badSignature = (detail: string) => jsonRefusal(403, "403 bad signature", detail);

/** A client error after the permission check: the request was let in and failed harmlessly on its input. */
export function invalidInput(code: number, detail: string | RegExp): Outcome {
  return { ...jsonRefusal(code, `${code} invalid input`, detail), refused: false };
}

// --- server actions: the answer is always 200 with the form's state in React Flight ---

function actionState(expectOk: boolean, message: string | RegExp | ((c: CheckContext) => string), label: string, refused: boolean): Outcome {
  return {
    label,
    refused,
    mayChange: expectOk,
    check(a, c) {
      if (a.status !== 200 || !a.action) return [`no action answer (status ${a.status}, ${a.contentType}): ${a.text.slice(0, 200).replace(/\s+/g, " ")}`];
      const problems: string[] = [];
      if (a.action.ok !== expectOk) problems.push(`ok is ${a.action.ok}, expected ${expectOk}`);
      const said = a.action.message ?? "";
      const wanted = typeof message === "function" ? message(c) : message;
      if (!(typeof wanted === "string" ? said === wanted : wanted.test(said))) problems.push(`message ${JSON.stringify(said)}, expected ${typeof wanted === "string" ? JSON.stringify(wanted) : String(wanted)}`);
      return problems;
    },
  };
}

/** The action did its work and said so. */
export const acts = (message: string | RegExp | ((c: CheckContext) => string)) => actionState(true, message, "action done", false);
/** The action let the caller in and then failed harmlessly on the input (an id that names nothing, a no-op). */
export const actionFails = (message: string | RegExp | ((c: CheckContext) => string)) => actionState(false, message, "action let in, input refused", false);
/** The action refused the caller: no session, the role, or an object of another team ("not found"). */
export const actionRefuses = (message: string | RegExp | ((c: CheckContext) => string)) => actionState(false, message, "action refused", true);
export const signedOut = actionRefuses("Your session has ended. Sign in again.");

/**
 * One of two answers, for a cell whose answer depends on another cell of the same person run
 * at the same time (the outsider's two columns are one session: ending it in one ends both).
 */
export function either(first: Outcome, second: Outcome): Outcome {
  return {
    label: `${first.label} or ${second.label}`,
    refused: first.refused && second.refused,
    mayChange: Boolean(first.mayChange || second.mayChange),
    check(a, c) {
      const one = first.check(a, c);
      const other = second.check(a, c);
      return one.length === 0 || other.length === 0 ? [] : [...one, ...other];
    },
  };
}

/** The action ended in a redirect (sign-in, a new batch's report …): Next's `x-action-redirect` header. */
export function actionRedirects(to: string | RegExp | ((c: CheckContext) => string)): Outcome {
  return {
    label: "action redirect",
    refused: false,
    mayChange: true,
    check(a, c) {
      const where = locationPath(a);
      const wanted = typeof to === "function" ? to(c) : to;
      const matches = where !== null && (typeof wanted === "string" ? where === wanted : wanted.test(where));
      return [...status(200, a), ...(matches ? [] : [`action redirects to ${where}, expected ${String(wanted)}`])];
    },
  };
}
