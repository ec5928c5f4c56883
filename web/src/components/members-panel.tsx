import { useState, type FormEvent } from 'react';
import { useMutation } from '../api/use-query';
import { AddMemberDocument, RemoveMemberDocument, UpdateMemberDocument, type MemberFieldsFragment, type Role } from '../generated/graphql';
import { ConfirmDialog } from './confirm-dialog';
import { useNotify } from './notices';
import { TextField } from './text-field';
import { TimeText } from './time-text';

const ROLES: Role[] = ['OWNER', 'ADMIN', 'DEVELOPER', 'VIEWER'];
const ROLE_NOTES: Record<Role, string> = {
  OWNER: 'everything, including owners',
  ADMIN: 'keys, secret, settings, members',
  DEVELOPER: 'jobs, schedules and endpoints',
  VIEWER: 'reads only',
};

/**
 * Who has access to the project. Owners and admins add members by email and change roles;
 * only owners touch owners (the server refuses otherwise and its message is shown); every
 * member may leave.
 */
export function MembersPanel({ projectId, members, myId, onChange, onLeft }: { projectId: string; members: MemberFieldsFragment[]; myId: string; onChange(): void; onLeft(): void }) {
  const myRole = members.find((member) => member.user.id === myId)?.role;
  const manages = myRole === 'OWNER' || myRole === 'ADMIN';
  const add = useMutation(AddMemberDocument);
  const update = useMutation(UpdateMemberDocument);
  const remove = useMutation(RemoveMemberDocument);
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('DEVELOPER');
  const [removing, setRemoving] = useState<MemberFieldsFragment | null>(null);
  const notify = useNotify();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    try {
      const { addMember } = await add.run({ projectId, email, role });
      notify(`${addMember.user.email} is now a member (${addMember.role}).`);
      setEmail('');
      onChange();
    } catch {
      // Shown by the form.
    }
  };
  const changeRole = async (member: MemberFieldsFragment, next: Role) => {
    try {
      await update.run({ projectId, userId: member.user.id, role: next });
      notify(`${member.user.email} is now ${next}.`);
    } catch {
      // Shown under the table.
    }
    onChange();
  };

  const fields = add.error?.fieldErrors ?? {};
  const leaving = removing?.user.id === myId;
  return (
    <section aria-labelledby="members-title" className="panel">
      <h2 id="members-title">Members</h2>
      <p className="muted">Registered users with access to this project{myRole ? `; your role is ${myRole}` : ''}.</p>
      <table className="keys-table members-table">
        <caption className="visually-hidden">Members of this project</caption>
        <thead>
          <tr>
            <th scope="col">Email</th>
            <th scope="col">Role</th>
            <th scope="col">Member since</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {members.map((member) => (
            <tr key={member.user.id}>
              <td data-label="Email">{member.user.email}</td>
              <td data-label="Role">
                {manages ? (
                  <select aria-label={`Role of ${member.user.email}`} value={member.role} disabled={update.pending} onChange={(event) => void changeRole(member, event.target.value as Role)}>
                    {ROLES.map((option) => (
                      <option key={option} value={option}>
                        {option}
                      </option>
                    ))}
                  </select>
                ) : (
                  member.role
                )}
              </td>
              <td data-label="Member since">
                <TimeText iso={member.createdAt} />
              </td>
              <td data-label="Actions">
                {(manages || member.user.id === myId) && (
                  <button type="button" className="button button-small button-danger" onClick={() => setRemoving(member)}>
                    {member.user.id === myId ? 'Leave' : <>Remove<span className="visually-hidden"> {member.user.email}</span></>}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {update.error && (
        <p className="field-error" role="alert">
          {update.error.message}
        </p>
      )}

      {manages && (
        <form className="inline-form" onSubmit={submit} noValidate aria-busy={add.pending}>
          <div className="inline-form-field">
            <TextField id="member-email" label="Add a member by email" type="email" value={email} onChange={setEmail} placeholder="colleague@example.com" error={fields.email} note={add.error?.generalMessage} />
          </div>
          <div className="inline-form-field">
            <label htmlFor="member-role">Role</label>
            <select id="member-role" value={role} onChange={(event) => setRole(event.target.value as Role)}>
              {ROLES.map((option) => (
                <option key={option} value={option}>
                  {option} ({ROLE_NOTES[option]})
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className="button button-primary" disabled={add.pending}>
            Add member
          </button>
        </form>
      )}

      <ConfirmDialog
        open={removing !== null}
        title={leaving ? 'Leave this project?' : 'Remove this member?'}
        confirmLabel={leaving ? 'Leave project' : 'Remove member'}
        danger
        pending={remove.pending}
        error={remove.error?.message}
        onCancel={() => {
          setRemoving(null);
          remove.reset();
        }}
        onConfirm={async () => {
          if (!removing) return;
          try {
            await remove.run({ projectId, userId: removing.user.id });
          } catch {
            return;
          }
          setRemoving(null);
          if (leaving) {
            notify('You left the project.');
            onLeft();
            return;
          }
          notify(`${removing.user.email} was removed.`);
          onChange();
        }}
      >
        <p>{leaving ? 'You will no longer see this project or its jobs.' : `${removing?.user.email} will no longer see this project; their open live views close.`}</p>
      </ConfirmDialog>
    </section>
  );
}
