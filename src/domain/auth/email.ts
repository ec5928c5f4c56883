import { badInput } from '../../errors.js';

// No NUL either: PostgreSQL text cannot hold it.
const EMAIL_PATTERN = /^[^\s@\0]+@[^\s@\0]+\.[^\s@\0]+$/;

/** An email as accounts are keyed by: trimmed, lower case, checked. */
export function normalizeEmail(email: string): string {
  const normalized = email.trim().toLowerCase();
  if (!EMAIL_PATTERN.test(normalized) || normalized.length > 254) throw badInput('email', 'email must be a valid email address');
  return normalized;
}
