import { useEffect, useState, type FormEvent } from 'react';
import {
  Alert,
  Badge,
  Button,
  Card,
  Divider,
  Group,
  NumberInput,
  Radio,
  SegmentedControl,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import type { TeamSettingsView } from '@shared/contract';
import { ApiError } from '../../api/client';
import { useApiMutation, useApiQuery } from '../../api/queries';
import { usePermission } from '../../api/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { QueryState } from '../../components/QueryState';
import { errorMessage } from '../../lib/errors';
import { SoloMoveForm, TeamSchemaSetup } from './TeamAdminActions';

type Mode = 'solo' | 'team';

/**
 * Which workspace this computer uses: its own (embedded SQLite, the default) or a team workspace on PostgreSQL. The
 * choice applies at the next start; the password is typed at sign-in, never here.
 */
export function TeamWorkspaceSettings() {
  const query = useApiQuery('team.status');
  const mayConfigure = usePermission('team.configure') === true;
  const configure = useApiMutation('team.configure', { invalidates: ['settings'] });
  const [mode, setMode] = useState<Mode>('solo');
  const [host, setHost] = useState('');
  const [port, setPort] = useState<number | string>(5432);
  const [database, setDatabase] = useState('');
  const [tls, setTls] = useState<'verify-full' | 'plain'>('verify-full');
  const [caFile, setCaFile] = useState('');
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const saved = query.data?.settings ?? null;
  useEffect(() => {
    if (!query.data) return;
    setMode(query.data.settings ? 'team' : 'solo');
    if (saved) {
      setHost(saved.host);
      setPort(saved.port);
      setDatabase(saved.database);
      setTls(saved.tls.mode);
      setCaFile(saved.tls.mode === 'verify-full' ? saved.tls.caFile : '');
    }
  }, [query.data, saved]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setFormError(null);
    setFieldErrors({});
    setNotice(null);
    const settings: TeamSettingsView = {
      host: host.trim(),
      port: Number(port),
      database: database.trim(),
      tls: tls === 'plain' ? { mode: 'plain' } : { mode: 'verify-full', caFile: caFile.trim() },
    };
    configure.mutate(mode === 'solo' ? { mode: 'solo' } : { mode: 'team', settings }, {
      onSuccess: (status) => setNotice(status.restartRequired ? 'Saved. Restart Paydesk to open the chosen workspace.' : 'Saved.'),
      onError: (e) => {
        if (e instanceof ApiError && e.fieldErrors) setFieldErrors(e.fieldErrors);
        setFormError(errorMessage(e));
      },
    });
  };

  return (
    <Card withBorder padding="lg" data-testid="team-workspace-settings">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={3}>Workspace</Title>
          {query.data && (
            <Badge variant="light" data-testid="team-workspace-state">
              {query.data.mode === 'solo' ? 'This computer only' : `Team workspace · ${query.data.state}`}
            </Badge>
          )}
        </Group>
        <QueryState query={query} what="the workspace">
          {(status) => (
            <Stack gap="sm">
              {status.mode === 'team' && (
                <Text size="sm" c="dimmed" data-testid="team-freshness">
                  {status.login ? `Signed in as ${status.login} (${status.roles.join(', ')}). ` : ''}
                  {status.caughtUpAt
                    ? `This computer's copy is from ${new Date(status.caughtUpAt).toLocaleString()}.`
                    : 'Not brought up to date yet.'}
                  {status.problem ? ` ${status.problem}` : ''}
                </Text>
              )}
              {status.restartRequired && (
                <Alert color="yellow" variant="light">
                  Another workspace is chosen for the next start: restart Paydesk to open it.
                </Alert>
              )}
              <form onSubmit={submit} noValidate aria-label="Workspace">
                <Stack gap="sm">
                  <Radio.Group value={mode} onChange={(v) => setMode(v as Mode)} label="This computer works in">
                    <Group mt="xs">
                      <Radio value="solo" label="This computer only" disabled={!mayConfigure} />
                      <Radio value="team" label="Team workspace (PostgreSQL)" disabled={!mayConfigure} />
                    </Group>
                  </Radio.Group>
                  {mode === 'team' && (
                    <>
                      <Group grow align="flex-start">
                        <TextInput
                          label="Host"
                          value={host}
                          onChange={(e) => setHost(e.currentTarget.value)}
                          error={fieldErrors.host}
                          disabled={!mayConfigure}
                        />
                        <NumberInput
                          label="Port"
                          value={port}
                          onChange={setPort}
                          min={1}
                          max={65535}
                          error={fieldErrors.port}
                          disabled={!mayConfigure}
                        />
                        <TextInput
                          label="Database"
                          value={database}
                          onChange={(e) => setDatabase(e.currentTarget.value)}
                          error={fieldErrors.database}
                          disabled={!mayConfigure}
                        />
                      </Group>
                      <SegmentedControl
                        value={tls}
                        onChange={(v) => setTls(v as 'verify-full' | 'plain')}
                        data={[
                          { value: 'verify-full', label: 'TLS verify-full' },
                          { value: 'plain', label: 'No TLS (this computer only)' },
                        ]}
                        disabled={!mayConfigure}
                      />
                      {tls === 'verify-full' && (
                        <TextInput
                          label="CA certificate file"
                          description="The PEM file of the authority that signed the server's certificate."
                          value={caFile}
                          onChange={(e) => setCaFile(e.currentTarget.value)}
                          disabled={!mayConfigure}
                        />
                      )}
                      {fieldErrors.tls && (
                        <Text size="sm" c="red">
                          {fieldErrors.tls}
                        </Text>
                      )}
                    </>
                  )}
                  {formError && <ErrorAlert title="Not saved" message={formError} testId="team-workspace-error" />}
                  {notice && (
                    <Alert color="green" variant="light">
                      {notice}
                    </Alert>
                  )}
                  <Group justify="flex-end">
                    <Button type="submit" loading={configure.isPending} disabled={!mayConfigure}>
                      Save
                    </Button>
                  </Group>
                </Stack>
              </form>
              {status.mode === 'solo' && saved && mayConfigure && (
                <>
                  <Divider label="Move this workspace into the team database" labelPosition="left" />
                  <SoloMoveForm />
                </>
              )}
              {status.mode === 'team' && (
                <>
                  <Divider label="Team database schema" labelPosition="left" />
                  <TeamSchemaSetup />
                </>
              )}
            </Stack>
          )}
        </QueryState>
      </Stack>
    </Card>
  );
}
