import type { EntityManager } from '@mikro-orm/postgresql';
import { ApiKey, Project, ProjectMember } from '../../db/entities/index.js';
import { AppError, badInput, notFound } from '../../errors.js';
import type { Principal } from '../auth/principal.js';
import { newSigningSecret } from '../../delivery/signatures.js';
import { newApiKey, sha256 } from '../auth/tokens.js';
import type { AuditLog } from '../audit/audit.service.js';
import { parseScopes } from '../members/scopes.js';
import { isUuid, parseDurationInput, parseTargetUrl, rejectNul } from '../validation.js';
import { memberProjects, visibleTo } from './project-scope.js';

const MAX_NAME = 200;
/** Ten years: longer is "for ever" (0). */
const MAX_RETENTION_MS = 3_650 * 86_400_000;
/** How long the secret before a rotation keeps signing deliveries. */
export const PREVIOUS_SECRET_GRACE_MS = 24 * 3_600_000;

/**
 * Projects and their API keys; every lookup is scoped to the projects the caller is a member
 * of (with the role the operation needs: see Access.authorize, which the transports call first).
 */
export class ProjectService {
  constructor(
    private readonly em: () => EntityManager,
    /** Told when a key is revoked, so live connections resting on it close. */
    private readonly onCredentialEnded: (credentialId: string) => void = () => undefined,
    /** RETENTION: what a project without its own retention keeps, ms. */
    readonly defaultRetentionMs = 30 * 86_400_000,
    /** Why a webhook URL may not be called (the address guard), for the alert webhook. */
    private readonly checkTarget: (url: string) => string | null = () => null,
    private readonly audit: Pick<AuditLog, 'record'> | undefined = undefined,
  ) {}

  /** A new project, with its creator as its OWNER. */
  async create(principal: Principal, name: string): Promise<Project> {
    const userId = requireUser(principal);
    const em = this.em();
    const project = em.create(Project, { name: requireName('name', name), signingSecret: newSigningSecret() });
    em.create(ProjectMember, { project, user: userId, role: 'OWNER' });
    await em.flush();
    return project;
  }

  async list(principal: Principal): Promise<Project[]> {
    if (principal.kind === 'apiKey') return this.em().find(Project, { id: principal.projectId });
    const members = memberProjects(principal);
    const ids = (await this.em().getConnection().execute<Array<{ project_id: string }>>(members.sql, members.params)).map((row) => row.project_id);
    return this.em().find(Project, { id: { $in: ids } }, { orderBy: { createdAt: 'asc' } });
  }

  /** The project if the caller may see it; null otherwise (another's project looks missing). */
  async find(principal: Principal, id: string, em = this.em()): Promise<Project | null> {
    if (!isUuid(id)) return null;
    const scope = visibleTo(principal, 'p.id');
    const [row] = await em.getConnection().execute<Array<{ id: string }>>(`select p.id from projects p where p.id = ? and ${scope.sql}`, [id, ...scope.params]);
    return row ? em.findOne(Project, { id }) : null;
  }

  async get(principal: Principal, id: string, em = this.em()): Promise<Project> {
    const project = await this.find(principal, id, em);
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
    const project = await this.get(principal, projectId, em);
    if (input.name !== undefined && input.name !== null) project.name = requireName('name', String(input.name));
    if (input.retention !== undefined) project.retentionMs = input.retention === null ? null : parseDurationInput(input.retention, 'retention', 0, MAX_RETENTION_MS);
    if (input.alertWebhookUrl !== undefined) {
      project.alertWebhookUrl = input.alertWebhookUrl === null || input.alertWebhookUrl === '' ? null : parseTargetUrl(input.alertWebhookUrl, this.checkTarget, 'alertWebhookUrl');
    }
    await em.flush();
    // Which settings changed, not their values: an alert URL may carry a credential.
    await this.audit?.record(principal, 'project.updated', project.id, project.id, { fields: Object.keys(input).filter((name) => input[name as keyof typeof input] !== undefined) });
    return project;
  }

  /** The project's signing secret, for owners' and admins' sessions only. */
  signingSecret(principal: Principal, project: Project): string {
    requireUser(principal);
    return project.signingSecret;
  }

  /** A new signing secret; the old one keeps signing (alongside) for 24 hours. */
  async rotateSigningSecret(principal: Principal, projectId: string): Promise<Project> {
    requireUser(principal);
    const em = this.em();
    const project = await this.get(principal, projectId, em);
    project.previousSigningSecret = project.signingSecret;
    project.previousSecretExpiresAt = new Date(Date.now() + PREVIOUS_SECRET_GRACE_MS);
    project.signingSecret = newSigningSecret();
    await em.flush();
    await this.audit?.record(principal, 'signingSecret.rotated', project.id, project.id);
    return project;
  }

  async apiKeys(projectId: string): Promise<ApiKey[]> {
    return this.em().find(ApiKey, { project: projectId }, { orderBy: { createdAt: 'desc' } });
  }

  /**
   * Creates a key with `scopes` (null: DEFAULT_SCOPES) that expires at `expiresAt` (null:
   * never); the plain key is returned only here and never stored.
   */
  async createApiKey(
    principal: Principal,
    projectId: string,
    label: string,
    options: { scopes?: unknown; expiresAt?: Date | null } = {},
  ): Promise<{ key: string; apiKey: ApiKey }> {
    requireUser(principal);
    const em = this.em();
    const project = await this.get(principal, projectId, em);
    const scopes = parseScopes(options.scopes);
    const expiresAt = options.expiresAt ?? null;
    if (expiresAt && expiresAt.getTime() <= Date.now()) throw badInput('expiresAt', 'expiresAt must be in the future');
    const key = newApiKey();
    const apiKey = em.create(ApiKey, { project, label: requireName('label', label), keyHash: sha256(key), last4: key.slice(-4), scopes, expiresAt });
    await em.flush();
    await this.audit?.record(principal, 'apiKey.created', project.id, apiKey.id, { label: apiKey.label, last4: apiKey.last4, scopes, expiresAt: expiresAt?.toISOString() ?? null });
    return { key, apiKey };
  }

  async revokeApiKey(principal: Principal, id: string): Promise<ApiKey> {
    requireUser(principal);
    const em = this.em();
    const scope = visibleTo(principal, 'k.project_id');
    const [row] = isUuid(id) ? await em.getConnection().execute<Array<{ id: string }>>(`select k.id from api_keys k where k.id = ? and ${scope.sql}`, [id, ...scope.params]) : [];
    const apiKey = row ? await em.findOne(ApiKey, { id }) : null;
    if (!apiKey) throw notFound('API key');
    const already = apiKey.revokedAt !== null;
    apiKey.revokedAt ??= new Date();
    await em.flush();
    if (!already) await this.audit?.record(principal, 'apiKey.revoked', apiKey.project.id, apiKey.id, { label: apiKey.label, last4: apiKey.last4 });
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
