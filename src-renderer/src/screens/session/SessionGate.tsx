import type { AppInfo, SessionStatus } from '@shared/contract';
import { LockScreen } from './LockScreen';
import { SetupScreen } from './SetupScreen';
import { SignInScreen } from './SignInScreen';

/** Whatever stands between the window and the desk: the first admin, a sign-in, or the lock. */
export function SessionGate({ status, info }: { status: SessionStatus; info: AppInfo }) {
  if (status.state === 'setup') return <SetupScreen info={info} />;
  if (status.state === 'locked') return <LockScreen status={status} />;
  return <SignInScreen status={status} />;
}
