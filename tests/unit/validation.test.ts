import { describe, expect, it } from "vitest";
import {
  emailSchema,
  loginInput,
  newPasswordSchema,
  PASSWORD_MIN,
  personNameSchema,
  registerInput,
  roleSchema,
  teamNameSchema,
} from "@/lib/validation";

/** The messages of a failed parse, or a test failure if it parsed. */
function messages(schema: { safeParse: (v: unknown) => { success: boolean; error?: { issues: { message: string }[] } } }, value: unknown) {
  const result = schema.safeParse(value);
  expect(result.success, `${JSON.stringify(value)} should be refused`).toBe(false);
  return result.error!.issues.map((i) => i.message);
}

const BAD_EMAIL = "Enter a valid e-mail address, like name@example.com.";

describe("emailSchema", () => {
  it("trims and lowercases", () => {
    expect(emailSchema.parse("  Ada.Lovelace@Example.COM ")).toBe("ada.lovelace@example.com");
    expect(emailSchema.parse("\tBOB+portal@sub.example.org\n")).toBe("bob+portal@sub.example.org");
  });

  it.each(["", "   ", "ada", "ada@", "@example.com", "ada@example", "ada smith@example.com", "ada@@example.com", "ada@example..com"])(
    "refuses %j with a sentence",
    (value) => {
      expect(messages(emailSchema, value)).toEqual([BAD_EMAIL]);
    },
  );

  it("asks for an e-mail when there is none", () => {
    expect(messages(emailSchema, undefined)).toEqual(["Enter your e-mail address."]);
  });
});

describe("passwords and names", () => {
  it(`a new password needs at least ${PASSWORD_MIN} characters`, () => {
    expect(PASSWORD_MIN).toBe(10);
    expect(messages(newPasswordSchema, "x".repeat(PASSWORD_MIN - 1))).toEqual(["Use at least 10 characters for your password."]);
    expect(newPasswordSchema.parse("x".repeat(PASSWORD_MIN))).toBe("x".repeat(PASSWORD_MIN));
    expect(messages(newPasswordSchema, "x".repeat(201))).toEqual(["Use at most 200 characters for your password."]);
    expect(messages(newPasswordSchema, undefined)).toEqual(["Choose a password."]);
  });

  it("names are trimmed and must not be empty", () => {
    expect(personNameSchema.parse("  Ada  ")).toBe("Ada");
    expect(messages(personNameSchema, "   ")).toEqual(["Enter your name."]);
    expect(messages(personNameSchema, "a".repeat(101))).toEqual(["Keep your name under 100 characters."]);
    expect(teamNameSchema.parse(" Vision Lab ")).toBe("Vision Lab");
    expect(messages(teamNameSchema, "")).toEqual(["Enter a team name."]);
    expect(messages(teamNameSchema, "t".repeat(81))).toEqual(["Keep the team name under 80 characters."]);
  });

  it("roles are the four known ones", () => {
    expect(roleSchema.parse("viewer")).toBe("viewer");
    expect(messages(roleSchema, "superuser")).toEqual(["Choose a role: owner, admin, member or viewer."]);
  });
});

describe("form inputs", () => {
  it("registerInput ties each problem to its field", () => {
    const result = registerInput.safeParse({ name: " ", email: "nope", password: "short" });
    expect(result.success).toBe(false);
    expect(Object.fromEntries(result.error!.issues.map((i) => [i.path.join("."), i.message]))).toEqual({
      name: "Enter your name.",
      email: BAD_EMAIL,
      password: "Use at least 10 characters for your password.",
    });
    expect(registerInput.parse({ name: " Ada ", email: " ADA@example.com", password: "long enough pw" })).toEqual({
      name: "Ada",
      email: "ada@example.com",
      password: "long enough pw",
    });
  });

  it("loginInput needs an e-mail and any non-empty password", () => {
    expect(loginInput.parse({ email: "Ada@Example.com ", password: "x" })).toEqual({ email: "ada@example.com", password: "x" });
    const result = loginInput.safeParse({ email: "ada@example.com", password: "" });
    expect(result.error!.issues.map((i) => [i.path.join("."), i.message])).toEqual([["password", "Enter your password."]]);
  });
});
