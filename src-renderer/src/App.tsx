import { useEffect } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Center, Loader, Stack, Title } from '@mantine/core';
import { useAppInfo } from './api/appData';
import { useCatalog } from './api/providers';
import { startServerEvents } from './api/serverEvents';
import { useSession } from './api/session';
import { ErrorAlert } from './components/ErrorAlert';
import { errorMessage } from './lib/errors';
import { SessionGate } from './screens/session/SessionGate';
import { Shell } from './Shell';

/** Start-up, then the session gate: the desk (Shell) shows only while an operator is signed in. */
export function App() {
  const client = useQueryClient();
  const infoQuery = useAppInfo();
  const catalog = useCatalog();
  const session = useSession();
  // The app needs all three before any screen: the installation, what each provider is, and who is signed in.
  const info = catalog.data && session.data ? infoQuery.data : undefined;
  const startError = infoQuery.error ?? catalog.error ?? session.error;

  useEffect(() => startServerEvents(client), [client]);

  if (!info || !session.data) {
    return (
      <Center h="100vh" p="xl">
        {startError ? (
          <Stack maw={560}>
            <Title order={2}>Paydesk could not start</Title>
            <ErrorAlert
              message={errorMessage(startError)}
              onRetry={() => {
                void infoQuery.refetch();
                void catalog.refetch();
                void session.refetch();
              }}
            />
          </Stack>
        ) : (
          <Loader aria-label="Loading Paydesk" />
        )}
      </Center>
    );
  }

  const status = session.data;
  if (status.state !== 'signed-in' || !status.operator) return <SessionGate status={status} info={info} />;
  // Keyed by operator: nothing of one operator's screens (half-typed forms, selections) carries over to the next.
  return <Shell key={status.operator.id} info={info} operator={status.operator} />;
}
