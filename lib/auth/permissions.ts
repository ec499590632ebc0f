export const ROLES = ["owner", "admin", "member", "viewer"] as const;
export type Role = (typeof ROLES)[number];

const rank: Record<Role, number> = { viewer: 0, member: 1, admin: 2, owner: 3 };

/**
 * What each role may do. Checked by the data layer on every call; the UI reads the same
 * table only to hide buttons a person could not use anyway.
 */
export const PERMISSIONS = {
  "team:read": "viewer",
  "audit:read": "admin",
  "team:rename": "admin",
  "members:invite": "admin",
  "members:change-role": "admin",
  "members:remove": "admin",
  "workflows:write": "member",
  "batches:submit": "member",
  // Read-only links to a batch's report that work without a login; revoking someone else's needs an admin.
  "share-links:manage": "member",
  "api-tokens:read": "member",
  "api-tokens:manage": "admin",
  // Points the team's submissions at another server and holds that server's token.
  "generation:configure": "admin",
} as const satisfies Record<string, Role>;

export type Permission = keyof typeof PERMISSIONS;

export function atLeast(role: Role, minimum: Role): boolean {
  return rank[role] >= rank[minimum];
}

export function can(role: Role, permission: Permission): boolean {
  return atLeast(role, PERMISSIONS[permission]);
}

/** Roles an actor may hand out (by invitation or role change): never above their own. */
export function assignableRoles(actorRole: Role): Role[] {
  return ROLES.filter((r) => rank[r] <= rank[actorRole]);
}

export const ROLE_LABELS: Record<Role, string> = {
  owner: "Owner",
  admin: "Admin",
  member: "Member",
  viewer: "Viewer",
};
