import { useState } from 'react';
import { Button, Text } from '@mantine/core';
import { IconUsersGroup } from '@tabler/icons-react';
import { useApiMutation, useApiQuery } from '../../api/queries';
import { usePermission } from '../../api/session';
import { WhenAllowed } from '../../components/WhenAllowed';
import { errorMessage } from '../../lib/errors';

/**
 * In a team workspace: shares (again) this connection's settings with the team, never its secret. Adding or editing
 * a connection shares it already; this is for a share that failed then (the server was out of reach) and for
 * connections made before this desktop joined the team.
 */
export function ShareWithTeamButton({ connectionId }: { connectionId: string }) {
  const inTeam = useApiQuery('team.status').data?.mode === 'team';
  const permission = usePermission('team.shareConnection');
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | null>(null);
  const share = useApiMutation('team.shareConnection', {
    invalidates: ['connections'],
    onSuccess: () => setOutcome({ ok: true, text: 'Shared with the team (settings only; the secret stays on this desktop).' }),
    onError: (error) => setOutcome({ ok: false, text: `Not shared: ${errorMessage(error)}` }),
  });
  if (!inTeam) return null;
  return (
    <>
      <WhenAllowed permission={permission}>
        {(blocked) => (
          <Button
            size="xs"
            variant="default"
            leftSection={<IconUsersGroup size={14} />}
            onClick={() => {
              setOutcome(null);
              share.mutate({ connectionId });
            }}
            loading={share.isPending}
            disabled={blocked}
            data-testid="connection-share-team"
          >
            Share with the team
          </Button>
        )}
      </WhenAllowed>
      {outcome && (
        <Text
          size="xs"
          c={outcome.ok ? 'green' : 'red'}
          role={outcome.ok ? 'status' : 'alert'}
          data-testid="connection-share-result"
          w="100%"
        >
          {outcome.text}
        </Text>
      )}
    </>
  );
}
