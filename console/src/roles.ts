/** The staff roles of the API (Core/Domain/StaffRoles) and who may open which area, as the API's policies allow. */
export type Role = 'admin' | 'support' | 'reviewer' | 'school' | 'photographer';

export const Areas = {
  support: ['admin', 'support'],
  review: ['admin', 'support', 'reviewer'],
  schools: ['admin', 'support', 'school'],
  stations: ['admin', 'photographer'],
  admin: ['admin'],
} satisfies Record<string, Role[]>;

export type Area = keyof typeof Areas;

export function mayOpen(roles: readonly string[], area: Area | undefined): boolean {
  if (!area) return true;
  return (Areas[area] as readonly string[]).some((r) => roles.includes(r));
}
