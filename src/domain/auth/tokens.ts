import { createHash, randomBytes } from 'node:crypto';

/** SHA-256 hex of a secret token; tokens are only ever stored this way. */
export const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/** A new API key: `sk_` + 64 lowercase hex characters (32 random bytes). */
export const newApiKey = (): string => `sk_${randomBytes(32).toString('hex')}`;

/** A new opaque session token (43 url-safe characters, 256 bits). */
export const newSessionToken = (): string => randomBytes(32).toString('base64url');

export const API_KEY_PATTERN = /^sk_[0-9a-f]{64}$/;
