import { describe, expect, it } from "vitest";
import { assignableRoles, atLeast, can, PERMISSIONS, ROLE_LABELS, ROLES, type Permission, type Role } from "@/lib/auth/permissions";

/** Written out by hand: a change to who may do what has to change this table too. */
const MATRIX: Record<Permission, Record<Role, boolean>> = {
  "team:read": { owner: true, admin: true, member: true, viewer: true },
  "audit:read": { owner: true, admin: true, member: false, viewer: false },
  "team:rename": { owner: true, admin: true, member: false, viewer: false },
  "members:invite": { owner: true, admin: true, member: false, viewer: false },
  "members:change-role": { owner: true, admin: true, member: false, viewer: false },
  "members:remove": { owner: true, admin: true, member: false, viewer: false },
  "workflows:write": { owner: true, admin: true, member: true, viewer: false },
  "batches:submit": { owner: true, admin: true, member: true, viewer: false },
  "share-links:manage": { owner: true, admin: true, member: true, viewer: false },
  "api-tokens:read": { owner: true, admin: true, member: true, viewer: false },
  "api-tokens:manage": { owner: true, admin: true, member: false, viewer: false },
  "generation:configure": { owner: true, admin: true, member: false, viewer: false },
};

describe("permissions", () => {
  it("the roles, from most to least powerful", () => {
    expect(ROLES).toEqual(["owner", "admin", "member", "viewer"]);
    expect(Object.keys(ROLE_LABELS).sort()).toEqual([...ROLES].sort());
  });

  it("the matrix covers exactly the permissions that exist", () => {
    expect(Object.keys(PERMISSIONS).sort()).toEqual(Object.keys(MATRIX).sort());
  });

  const cells = (Object.keys(MATRIX) as Permission[]).flatMap((permission) =>
    ROLES.map((role) => [role, permission, MATRIX[permission][role]] as const),
  );
  it.each(cells)("%s may %s: %s", (role, permission, allowed) => {
    expect(can(role, permission)).toBe(allowed);
  });

  it("a viewer may only read", () => {
    const allowed = (Object.keys(PERMISSIONS) as Permission[]).filter((p) => can("viewer", p));
    expect(allowed).toEqual(["team:read"]);
  });

  it("atLeast orders the roles", () => {
    for (const [i, role] of ROLES.entries()) {
      for (const [j, minimum] of ROLES.entries()) {
        expect(atLeast(role, minimum), `${role} >= ${minimum}`).toBe(i <= j);
      }
    }
  });

  it("assignableRoles never goes above the actor's own role", () => {
    expect(assignableRoles("owner")).toEqual(["owner", "admin", "member", "viewer"]);
    expect(assignableRoles("admin")).toEqual(["admin", "member", "viewer"]);
    expect(assignableRoles("member")).toEqual(["member", "viewer"]);
    expect(assignableRoles("viewer")).toEqual(["viewer"]);
    for (const actor of ROLES) {
      for (const role of assignableRoles(actor)) expect(atLeast(actor, role)).toBe(true);
      expect(assignableRoles(actor).includes("owner")).toBe(actor === "owner");
    }
  });
});
