import type { AppInfo, SessionStatus } from '@shared/contract';
import { useApiQuery } from '../../api/queries';
import { TeamWorkspaceSignIn } from '../settings/TeamWorkspaceSignIn';
import { LockScreen } from './LockScreen';
import { SetupScreen } from './SetupScreen';
import { SignInScreen } from './SignInScreen';

/** Whatever stands between the window and the desk: the first admin, a sign-in, or the lock. */
export function SessionGate({ status, info }: { status: SessionStatus; info: AppInfo }) {
  // A team desktop signs its operators in with their database logins (no first admin of its own to set up).
  const team = useApiQuery('team.status').data;
  if (team?.mode === 'team' && status.state !== 'locked') return <TeamWorkspaceSignIn team={team} />;
  if (status.state === 'setup') return <SetupScreen info={info} />;
  if (status.state === 'locked') return <LockScreen status={status} />;
  return <SignInScreen status={status} />;
}
