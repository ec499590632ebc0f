"use client";
import { useActionState, useEffect } from "react";
import { changeMemberRoleAction } from "@/lib/actions/change-member-role";
import { removeMemberAction } from "@/lib/actions/remove-member";
import { ROLE_LABELS, ROLES, type Role } from "@/lib/auth/permissions";
import type { MembersResponse } from "@/lib/api/members-output";
import { useMembers } from "@/lib/swr/use-members";
import { Button } from "@/components/ui/button";
import { selectClass } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { Card } from "@/components/ui/card";

interface Props {
  initial: MembersResponse;
  actorId: string;
  canManage: boolean;
  assignable: Role[];
}

/** Rows on desktop, stacked cards on a phone; role and remove controls only for admins. */
export function MembersList({ initial, actorId, canManage, assignable }: Props) {
  const { data, mutate } = useMembers(initial);
  const members = data?.members ?? [];
  return (
    <Card>
      <ul className="divide-y divide-zinc-200 dark:divide-zinc-800" data-testid="members-list">
        {members.map((m) => (
          <li key={m.userId} className="flex flex-col gap-3 p-4 sm:flex-row sm:items-center" data-testid="member-row" data-email={m.email}>
            <div className="min-w-0 flex-1">
              <p className="truncate text-sm font-medium">
                {m.name ?? m.email}
                {m.userId === actorId ? <span className="ml-2 text-xs text-zinc-500">(you)</span> : null}
              </p>
              <p className="truncate text-xs text-zinc-500">{m.email}</p>
            </div>
            {canManage && m.userId !== actorId ? (
              <MemberControls userId={m.userId} role={m.role} assignable={assignable} onChanged={() => void mutate()} />
            ) : (
              <span className="text-sm text-zinc-600 dark:text-zinc-400" data-testid="member-role">
                {ROLE_LABELS[m.role]}
              </span>
            )}
          </li>
        ))}
      </ul>
    </Card>
  );
}

function MemberControls({ userId, role, assignable, onChanged }: { userId: string; role: Role; assignable: Role[]; onChanged: () => void }) {
  const [roleState, changeRole, changing] = useActionState(changeMemberRoleAction, null);
  const [removeState, remove, removing] = useActionState(removeMemberAction, null);
  useEffect(() => {
    if (roleState?.ok || removeState?.ok) onChanged();
  }, [roleState, removeState, onChanged]);
  const options = assignable.includes(role) ? assignable : ROLES.filter((r) => r === role || assignable.includes(r));
  return (
    <div className="flex flex-col gap-1 sm:items-end">
      <div className="flex items-center gap-2">
        <form action={changeRole} className="flex items-center gap-2">
          <input type="hidden" name="userId" value={userId} />
          <label className="sr-only" htmlFor={`role-${userId}`}>
            Role
          </label>
          <select
            id={`role-${userId}`}
            name="role"
            defaultValue={role}
            className={selectClass("w-32")}
            disabled={changing}
            onChange={(e) => e.currentTarget.form?.requestSubmit()}
          >
            {options.map((r) => (
              <option key={r} value={r}>
                {ROLE_LABELS[r]}
              </option>
            ))}
          </select>
        </form>
        <form
          action={remove}
          onSubmit={(e) => {
            if (!confirm("Remove this member from the team?")) e.preventDefault();
          }}
        >
          <input type="hidden" name="userId" value={userId} />
          <Button type="submit" variant="danger" size="sm" disabled={removing}>
            Remove
          </Button>
        </form>
      </div>
      <FormMessage state={removeState ?? roleState} className="text-xs" />
    </div>
  );
}
