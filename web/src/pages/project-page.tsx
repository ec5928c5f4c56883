import { useState, type FormEvent } from 'react';
import { useMutation, useQuery } from '../api/use-query';
import { ConfirmDialog } from '../components/confirm-dialog';
import { CopyButton } from '../components/copy-button';
import { useNotify } from '../components/notices';
import { EmptyState, ErrorNotice, Loading } from '../components/states';
import { TextField } from '../components/text-field';
import { TimeText } from '../components/time-text';
import {
  CreateApiKeyDocument,
  ProjectDetailDocument,
  RevokeApiKeyDocument,
  RotateSigningSecretDocument,
  SetAlertWebhookDocument,
  SigningSecretDocument,
  type ApiKeyFieldsFragment,
} from '../generated/graphql';
import { useSession } from '../session/session-context';
import { ApiError } from '../api/graphql-client';
import { href } from '../routing/hash-route';

/** One project: its API keys, its signing secret and where its alerts go. */
export function ProjectPage({ projectId }: { projectId: string }) {
  const detail = useQuery(ProjectDetailDocument, { id: projectId });

  if (!detail.data && detail.loading) return <Loading label="Loading the project…" />;
  if (detail.error && !detail.data) return <ErrorNotice title="Could not load the project" error={detail.error} onRetry={detail.refetch} />;
  const project = detail.data?.project;
  if (!project) {
    return (
      <EmptyState title="Project not found.">
        <a href={href(['projects'])}>Back to the projects</a>
      </EmptyState>
    );
  }
  return (
    <article aria-labelledby="project-title">
      <p className="breadcrumbs">
        <a href={href(['projects'])}>Projects</a>
      </p>
      <div className="page-head">
        <h1 id="project-title">{project.name}</h1>
        <a className="button" href={href(['jobs'], { project: project.id })}>
          Jobs
        </a>
        <a className="button" href={href(['schedules'], { project: project.id })}>
          Schedules
        </a>
        <a className="button" href={href(['endpoints'], { project: project.id })}>
          Endpoints
        </a>
        <a className="button" href={href(['logs'], { project: project.id })}>
          Logs
        </a>
        <a className="button button-primary" href={href(['schedule'], { project: project.id })}>
          Schedule a job
        </a>
      </div>
      <p className="muted">
        Project id <span className="mono">{project.id}</span> (GraphQL <span className="mono">scheduleJob</span> with a session token needs it).
      </p>
      <ApiKeys projectId={project.id} keys={project.apiKeys} onChange={detail.refetch} />
      <SigningSecret projectId={project.id} />
      <AlertWebhook projectId={project.id} current={project.alertWebhookUrl ?? null} onChange={detail.refetch} />
    </article>
  );
}

function ApiKeys({ projectId, keys, onChange }: { projectId: string; keys: ApiKeyFieldsFragment[]; onChange(): void }) {
  const create = useMutation(CreateApiKeyDocument);
  const [label, setLabel] = useState('');
  const [created, setCreated] = useState<{ key: string; label: string } | null>(null);
  const [revoking, setRevoking] = useState<ApiKeyFieldsFragment | null>(null);
  const revoke = useMutation(RevokeApiKeyDocument);
  const notify = useNotify();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    try {
      const { createApiKey } = await create.run({ projectId, label });
      setCreated({ key: createApiKey.key, label: createApiKey.apiKey.label });
      setLabel('');
      onChange();
    } catch {
      // Shown by the form.
    }
  };

  const fields = create.error?.fieldErrors ?? {};
  return (
    <section aria-labelledby="keys-title" className="panel">
      <h2 id="keys-title">API keys</h2>
      <p className="muted">
        Servers schedule jobs with <span className="mono">x-api-key: sk_…</span>. Dispatch keeps only a hash: a key is shown once, when it is created.
      </p>

      {created && (
        <div className="secret-callout" role="region" aria-labelledby="new-key-title">
          <h3 id="new-key-title">New key “{created.label}”</h3>
          <p>Copy it now: it will not be shown again.</p>
          <div className="input-row">
            <input id="new-key" className="mono secret" readOnly value={created.key} aria-label="The new API key" onFocus={(event) => event.target.select()} />
            <CopyButton text={created.key} targetId="new-key" />
          </div>
          <button type="button" className="link-button" onClick={() => setCreated(null)}>
            I have stored it, hide the key
          </button>
        </div>
      )}

      <form className="inline-form" onSubmit={submit} noValidate aria-busy={create.pending}>
        <div className="inline-form-field">
          <TextField id="key-label" label="Label for a new key" value={label} onChange={setLabel} placeholder="production server" error={fields.label} note={create.error?.generalMessage} />
        </div>
        <button type="submit" className="button button-primary" disabled={create.pending}>
          Create key
        </button>
      </form>

      {keys.length === 0 ? (
        <EmptyState title="No API keys yet.">
          <p>Create one above to schedule jobs from your servers.</p>
        </EmptyState>
      ) : (
        <table className="keys-table">
          <caption className="visually-hidden">API keys of this project</caption>
          <thead>
            <tr>
              <th scope="col">Label</th>
              <th scope="col">Key</th>
              <th scope="col">Created</th>
              <th scope="col">Last used</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {keys.map((key) => (
              <tr key={key.id} className={key.revokedAt ? 'revoked' : undefined}>
                <td data-label="Label">{key.label}</td>
                <td data-label="Key" className="mono">
                  sk_…{key.last4}
                </td>
                <td data-label="Created">
                  <TimeText iso={key.createdAt} />
                </td>
                <td data-label="Last used">
                  <TimeText iso={key.lastUsedAt} />
                </td>
                <td data-label="Status">
                  {key.revokedAt ? (
                    <span className="muted">
                      Revoked <TimeText iso={key.revokedAt} />
                    </span>
                  ) : (
                    <button type="button" className="button button-small button-danger" onClick={() => setRevoking(key)} aria-label={`Revoke key ${key.label}`}>
                      Revoke
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <ConfirmDialog
        open={revoking !== null}
        title="Revoke this key?"
        confirmLabel="Revoke key"
        danger
        pending={revoke.pending}
        error={revoke.error?.message}
        onCancel={() => {
          setRevoking(null);
          revoke.reset();
        }}
        onConfirm={async () => {
          if (!revoking) return;
          try {
            await revoke.run({ id: revoking.id });
          } catch {
            return;
          }
          notify(`Key “${revoking.label}” was revoked.`);
          setRevoking(null);
          onChange();
        }}
      >
        <p>
          Requests with “{revoking?.label}” (sk_…{revoking?.last4}) will be refused from now on, and its live connections closed. This cannot be undone.
        </p>
      </ConfirmDialog>
    </section>
  );
}

/** The secret is fetched only when asked for, so it is not on screen by default. */
function SigningSecret({ projectId }: { projectId: string }) {
  const { request } = useSession();
  const [secret, setSecret] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const [rotating, setRotating] = useState(false);
  const rotate = useMutation(RotateSigningSecretDocument);
  const notify = useNotify();

  const reveal = async () => {
    setPending(true);
    setError(undefined);
    try {
      const { project } = await request(SigningSecretDocument, { id: projectId });
      setSecret(project?.signingSecret ?? null);
      if (!project?.signingSecret) setError('This project has no signing secret you can read.');
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : String(caught));
    } finally {
      setPending(false);
    }
  };

  return (
    <section aria-labelledby="secret-title" className="panel">
      <h2 id="secret-title">Signing secret</h2>
      <p className="muted">
        Every delivery is signed with it (<span className="mono">webhook-signature</span>, <span className="mono">x-dispatch-signature</span>): your endpoint verifies that a
        request came from Dispatch. After a rotation the old secret keeps signing for 24 hours.
      </p>
      {secret ? (
        <div className="input-row">
          <input id="signing-secret" className="mono secret" readOnly value={secret} aria-label="Signing secret value" onFocus={(event) => event.target.select()} />
          <CopyButton text={secret} targetId="signing-secret" />
          <button type="button" className="button" onClick={() => setSecret(null)}>
            Hide
          </button>
        </div>
      ) : (
        <p className="mono secret-hidden" role="img" aria-label="Signing secret (hidden)">
          whsec_••••••••••••••••••••••••
        </p>
      )}
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      <div className="input-row">
        {!secret && (
          <button type="button" className="button" onClick={reveal} disabled={pending}>
            {pending ? 'Revealing…' : 'Reveal secret'}
          </button>
        )}
        <button type="button" className="button button-danger" onClick={() => setRotating(true)}>
          Rotate secret
        </button>
      </div>
      <ConfirmDialog
        open={rotating}
        title="Rotate the signing secret?"
        confirmLabel="Rotate secret"
        danger
        pending={rotate.pending}
        error={rotate.error?.message}
        onCancel={() => {
          setRotating(false);
          rotate.reset();
        }}
        onConfirm={async () => {
          try {
            const { rotateSigningSecret } = await rotate.run({ projectId });
            setSecret(rotateSigningSecret.signingSecret ?? null);
          } catch {
            return;
          }
          setRotating(false);
          notify('New signing secret created. The previous one keeps signing for 24 hours.');
        }}
      >
        <p>Deliveries will carry signatures from both the new and the current secret for 24 hours; update your endpoint within that time.</p>
      </ConfirmDialog>
    </section>
  );
}

/**
 * Where the project's alerts go (job.dead, endpoint.opened, endpoint.closed,
 * endpoint.paused), signed like deliveries; an empty field turns them off.
 */
function AlertWebhook({ projectId, current, onChange }: { projectId: string; current: string | null; onChange(): void }) {
  const save = useMutation(SetAlertWebhookDocument);
  const notify = useNotify();
  const [url, setUrl] = useState(current ?? '');

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    try {
      const { updateProject } = await save.run({ id: projectId, alertWebhookUrl: url.trim() });
      setUrl(updateProject.alertWebhookUrl ?? '');
      notify(updateProject.alertWebhookUrl ? `Alerts go to ${updateProject.alertWebhookUrl}.` : 'Alerts are off.');
      onChange();
    } catch {
      // Shown at the field.
    }
  };

  return (
    <section aria-labelledby="alerts-title" className="panel">
      <h2 id="alerts-title">Alerts</h2>
      <p className="muted">
        Dispatch POSTs <span className="mono">job.dead</span>, <span className="mono">endpoint.opened</span>, <span className="mono">endpoint.closed</span> and{' '}
        <span className="mono">endpoint.paused</span> events to this URL, signed like deliveries and retried like them. Leave it empty for no alerts.
      </p>
      <form className="inline-form" onSubmit={submit} noValidate aria-busy={save.pending}>
        <div className="inline-form-field">
          <TextField
            id="alertWebhookUrl"
            label="Alert webhook URL"
            value={url}
            onChange={(value) => {
              setUrl(value);
              save.reset();
            }}
            placeholder="https://ops.example.com/dispatch-alerts"
            error={save.error?.fieldErrors.alertWebhookUrl}
            note={save.error?.generalMessage}
            hint={current ? <>Now: <span className="mono break">{current}</span></> : 'Now: no alerts'}
            inputMode="url"
            spellCheck={false}
          />
        </div>
        <button type="submit" className="button button-primary" disabled={save.pending}>
          Save alert URL
        </button>
      </form>
    </section>
  );
}
