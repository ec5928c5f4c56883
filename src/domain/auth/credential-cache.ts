import { credentialOf, type Principal } from './principal.js';

/** How long a verified credential is trusted without asking the database again. */
export const CREDENTIAL_CACHE_MS = 5_000;
const MAX_ENTRIES = 10_000;

/**
 * Verified credentials (by the SHA-256 of the secret), so that a busy client's every request
 * does not look its key up again. Revoking a key or ending a session forgets it here at
 * once, and on every other instance through the event relay; should that message be lost
 * (the relay reconnecting), an entry still lapses after CREDENTIAL_CACHE_MS.
 */
export class CredentialCache {
  private readonly entries = new Map<string, { principal: Principal; until: number }>();

  get(secretHash: string): Principal | undefined {
    const entry = this.entries.get(secretHash);
    if (!entry) return undefined;
    if (entry.until > Date.now()) return entry.principal;
    this.entries.delete(secretHash);
    return undefined;
  }

  /** `expiresAt`: when the credential itself ends (a session), if sooner than the cache would. */
  set(secretHash: string, principal: Principal, expiresAt = Number.POSITIVE_INFINITY): void {
    // A full cache starts over rather than tracking recency: it only saves lookups.
    if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
    this.entries.set(secretHash, { principal, until: Math.min(Date.now() + CREDENTIAL_CACHE_MS, expiresAt) });
  }

  /** Forgets every entry resting on this API key or session. */
  forget(credentialId: string): void {
    for (const [hash, { principal }] of this.entries) if (credentialOf(principal) === credentialId) this.entries.delete(hash);
  }
}
