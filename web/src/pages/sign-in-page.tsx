import { useState, type FormEvent } from 'react';
import { ApiError, requestGraphQL } from '../api/graphql-client';
import { TextField } from '../components/text-field';
import { LoginDocument, RegisterDocument } from '../generated/graphql';
import { useSession } from '../session/session-context';

/** Sign in, or create an account: the same two fields, one mutation each. */
export function SignInPage() {
  const { signIn, notice } = useSession();
  const [mode, setMode] = useState<'login' | 'register'>('login');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ApiError | undefined>();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setPending(true);
    setError(undefined);
    try {
      const variables = { email, password };
      const auth = mode === 'login'
        ? (await requestGraphQL(LoginDocument, variables, null)).login
        : (await requestGraphQL(RegisterDocument, variables, null)).register;
      signIn({ token: auth.token, user: auth.user });
    } catch (caught) {
      setError(caught instanceof ApiError ? caught : new ApiError(String(caught), 'network'));
      setPending(false);
    }
  };

  const fields = error?.fieldErrors ?? {};
  const registering = mode === 'register';
  return (
    <main id="main" className="sign-in">
      <div className="sign-in-card">
        <h1 className="brand-title">
          <img src="/favicon.svg" alt="" width="32" height="32" /> Dispatch
        </h1>
        <p className="muted">Webhooks at the exact moment you ask for, with every attempt logged.</p>
        {notice && (
          <p className="state state-error" role="alert">
            {notice}
          </p>
        )}
        <h2>{registering ? 'Create an account' : 'Sign in'}</h2>
        <form onSubmit={submit} noValidate aria-busy={pending}>
          <TextField id="email" label="Email" type="email" autoComplete="email" value={email} onChange={setEmail} error={fields.email} required />
          <TextField
            id="password"
            label="Password"
            type="password"
            autoComplete={registering ? 'new-password' : 'current-password'}
            value={password}
            onChange={setPassword}
            error={fields.password}
            hint={registering ? 'At least 8 characters.' : undefined}
            required
          />
          {error?.generalMessage && (
            <p className="field-error" role="alert">
              {error.generalMessage}
            </p>
          )}
          <button type="submit" className="button button-primary button-wide" disabled={pending}>
            {pending ? 'One moment…' : registering ? 'Create account' : 'Sign in'}
          </button>
        </form>
        <p className="sign-in-switch">
          {registering ? 'Already have an account?' : 'New to Dispatch?'}{' '}
          <button
            type="button"
            className="link-button"
            onClick={() => {
              setMode(registering ? 'login' : 'register');
              setError(undefined);
            }}
          >
            {registering ? 'Sign in' : 'Create an account'}
          </button>
        </p>
      </div>
    </main>
  );
}
