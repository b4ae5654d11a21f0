"use client";

import { createContext, useContext } from "react";

type Role = "owner" | "admin" | "support";

const RoleContext = createContext<Role>("support");

export function RoleProvider({ role, children }: { role: Role; children: React.ReactNode }) {
  return <RoleContext.Provider value={role}>{children}</RoleContext.Provider>;
}

/** What the signed-in member may do; the server checks again, this only hides what would be refused. */
export function usePermissions() {
  const role = useContext(RoleContext);
  return { role, canEdit: role === "owner" || role === "admin", canManageMembers: role === "owner" };
}
