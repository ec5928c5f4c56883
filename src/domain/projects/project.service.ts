import type { EntityManager } from '@mikro-orm/postgresql';
import { ApiKey, Project } from '../../db/entities/index.js';
import { AppError, badInput, notFound } from '../../errors.js';
import type { Principal } from '../auth/principal.js';
import { newSigningSecret } from '../../delivery/signatures.js';
import { newApiKey, sha256 } from '../auth/tokens.js';
import { isUuid, parseDurationInput, parseTargetUrl, rejectNul } from '../validation.js';

const MAX_NAME = 200;
/** Ten years: longer is "for ever" (0). */
const MAX_RETENTION_MS = 3_650 * 86_400_000;
/** How long the secret before a rotation keeps signing deliveries. */
export const PREVIOUS_SECRET_GRACE_MS = 24 * 3_600_000;

/** Projects and their API keys; every lookup is scoped to what the caller owns. */
export class ProjectService {
  constructor(
    private readonly em: () => EntityManager,
    /** Told when a key is revoked, so live connections resting on it close. */
    private readonly onCredentialEnded: (credentialId: string) => void = () => undefined,
    /** RETENTION: what a project without its own retention keeps, ms. */
    readonly defaultRetentionMs = 30 * 86_400_000,
    /** Why a webhook URL may not be called (the address guard), for the alert webhook. */
    private readonly checkTarget: (url: string) => string | null = () => null,
  ) {}

  async create(principal: Principal, name: string): Promise<Project> {
    const userId = requireUser(principal);
    const em = this.em();
    const project = em.create(Project, { owner: userId, name: requireName('name', name), signingSecret: newSigningSecret() });
    await em.flush();
    return project;
  }

  async list(principal: Principal): Promise<Project[]> {
    const where = principal.kind === 'apiKey' ? { id: principal.projectId } : { owner: principal.userId };
    return this.em().find(Project, where, { orderBy: { createdAt: 'asc' } });
  }

  /** The project if the caller may see it; null otherwise (another's project looks missing). */
  async find(principal: Principal, id: string): Promise<Project | null> {
    if (!isUuid(id)) return null;
    if (principal.kind === 'apiKey' && principal.projectId !== id) return null;
    return this.em().findOne(Project, { id, owner: principal.userId });
  }

  async get(principal: Principal, id: string): Promise<Project> {
    const project = await this.find(principal, id);
    if (!project) throw notFound('Project');
    return project;
  }

  /**
   * Renames a project, sets how long its finished jobs are kept (`retention`: a duration, 0
   * for ever, null for RETENTION) or where its alerts go (`alertWebhookUrl`, null: none).
   */
  async update(principal: Principal, projectId: string, input: { name?: unknown; retention?: unknown; alertWebhookUrl?: unknown }): Promise<Project> {
    requireUser(principal);
    const em = this.em();
    const project = isUuid(projectId) ? await em.findOne(Project, { id: projectId, owner: principal.userId }) : null;
    if (!project) throw notFound('Project');
    if (input.name !== undefined && input.name !== null) project.name = requireName('name', String(input.name));
    if (input.retention !== undefined) project.retentionMs = input.retention === null ? null : parseDurationInput(input.retention, 'retention', 0, MAX_RETENTION_MS);
    if (input.alertWebhookUrl !== undefined) {
      project.alertWebhookUrl = input.alertWebhookUrl === null || input.alertWebhookUrl === '' ? null : parseTargetUrl(input.alertWebhookUrl, this.checkTarget, 'alertWebhookUrl');
    }
    await em.flush();
    return project;
  }

  /** The project's signing secret, for its owner's session only. */
  signingSecret(principal: Principal, project: Project): string {
    requireUser(principal);
    return project.signingSecret;
  }

  /** A new signing secret; the old one keeps signing (alongside) for 24 hours. */
  async rotateSigningSecret(principal: Principal, projectId: string): Promise<Project> {
    requireUser(principal);
    const em = this.em();
    const project = isUuid(projectId) ? await em.findOne(Project, { id: projectId, owner: principal.userId }) : null;
    if (!project) throw notFound('Project');
    project.previousSigningSecret = project.signingSecret;
    project.previousSecretExpiresAt = new Date(Date.now() + PREVIOUS_SECRET_GRACE_MS);
    project.signingSecret = newSigningSecret();
    await em.flush();
    return project;
  }

  async apiKeys(projectId: string): Promise<ApiKey[]> {
    return this.em().find(ApiKey, { project: projectId }, { orderBy: { createdAt: 'desc' } });
  }

  /** Creates a key; the plain key is returned only here and never stored. */
  async createApiKey(principal: Principal, projectId: string, label: string): Promise<{ key: string; apiKey: ApiKey }> {
    requireUser(principal);
    const project = await this.get(principal, projectId);
    const key = newApiKey();
    const em = this.em();
    const apiKey = em.create(ApiKey, { project, label: requireName('label', label), keyHash: sha256(key), last4: key.slice(-4) });
    await em.flush();
    return { key, apiKey };
  }

  async revokeApiKey(principal: Principal, id: string): Promise<ApiKey> {
    const userId = requireUser(principal);
    const em = this.em();
    const apiKey = isUuid(id) ? await em.findOne(ApiKey, { id, project: { owner: userId } }) : null;
    if (!apiKey) throw notFound('API key');
    apiKey.revokedAt ??= new Date();
    await em.flush();
    this.onCredentialEnded(apiKey.id);
    return apiKey;
  }
}

/** Account management needs a user session, not a project key. */
export function requireUser(principal: Principal): string {
  if (principal.kind !== 'user') throw new AppError('FORBIDDEN', 'this operation needs a session token, not an API key');
  return principal.userId;
}

function requireName(field: string, value: string): string {
  const trimmed = value.trim();
  if (!trimmed) throw badInput(field, `${field} must not be empty`);
  if (trimmed.length > MAX_NAME) throw badInput(field, `${field} must be at most ${MAX_NAME} characters`);
  return rejectNul(trimmed, field);
}
