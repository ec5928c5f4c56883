/** A member's role in a project, most powerful first. */
export const ROLES = ['OWNER', 'ADMIN', 'DEVELOPER', 'VIEWER'] as const;
export type Role = (typeof ROLES)[number];

export const isRole = (value: unknown): value is Role => (ROLES as readonly unknown[]).includes(value);

/** Whether `role` has at least the powers of `minimum`. */
export const atLeast = (role: Role, minimum: Role): boolean => ROLES.indexOf(role) <= ROLES.indexOf(minimum);

/** The roles with at least the powers of `minimum`. */
export const rolesAtLeast = (minimum: Role): readonly Role[] => ROLES.slice(0, ROLES.indexOf(minimum) + 1);
