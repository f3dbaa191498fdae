import { useState } from 'react';
import { Alert, Badge, Button, Card, Group, Skeleton, Stack, Table, Text, Title } from '@mantine/core';
import { IconKey, IconPencil, IconUserPlus } from '@tabler/icons-react';
import { operatorRoles } from '@shared/contract/model';
import type { Operator } from '@shared/contract';
import { useApiMutation, useApiQuery } from '../../api/queries';
import { useOperator, usePermission } from '../../api/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { NameBadges } from '../../components/NameBadges';
import { PlainTable } from '../../components/PlainTable';
import { QueryState } from '../../components/QueryState';
import { roleDescriptions } from '../../lib/access';
import { errorMessage } from '../../lib/errors';
import { OperatorModal, type Editing } from './OperatorForms';

/** The workspace's operators: admins add them, change their roles, disable them and reset passphrases. */
export function OperatorsSettings() {
  const query = useApiQuery('operators.list');
  const me = useOperator();
  const mayManage = usePermission('operators.update') === true;
  const [editing, setEditing] = useState<Editing>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [rowError, setRowError] = useState<string | null>(null);
  const update = useApiMutation('operators.update', { invalidates: ['operators'] });

  const toggleDisabled = (o: Operator) => {
    setRowError(null);
    setNotice(null);
    update.mutate(
      { id: o.id, disabled: !o.disabled },
      {
        onSuccess: (saved) => setNotice(saved.disabled ? `${saved.name} can no longer sign in.` : `${saved.name} can sign in again.`),
        // The last admin's refusal (and any other) is main's own message.
        onError: (e) => setRowError(errorMessage(e)),
      },
    );
  };

  return (
    <Card withBorder padding="lg" data-testid="operators-settings">
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start">
          <Stack gap={2}>
            <Title order={4}>Operators</Title>
            <Text size="sm" c="dimmed">
              Everyone who works at this desk signs in with their own passphrase; the audit log names them in every event. Renaming an
              operator never changes who approved what.
            </Text>
          </Stack>
          {mayManage && (
            <Button leftSection={<IconUserPlus size={16} />} onClick={() => setEditing({ kind: 'add' })} style={{ flexShrink: 0 }}>
              Add operator
            </Button>
          )}
        </Group>
        <Text size="xs" c="dimmed">
          {operatorRoles.map((r) => `${r}: ${roleDescriptions[r]}`).join(' · ')}
        </Text>
        {notice && (
          <Alert
            color="green"
            variant="light"
            withCloseButton
            onClose={() => setNotice(null)}
            role="status"
            data-testid="operators-notice"
            py={6}
          >
            {notice}
          </Alert>
        )}
        {rowError && <ErrorAlert title="Not changed" message={rowError} testId="operators-error" />}
        <QueryState query={query} what="the operators" loading={<Skeleton height={120} />}>
          {(operators) => (
            <PlainTable
              minWidth={520}
              verticalSpacing={6}
              layout="fixed"
              aria-label="Operators"
              data-testid="operators-table"
              head={
                <>
                  <Table.Th>Name</Table.Th>
                  <Table.Th w={190}>Roles</Table.Th>
                  {mayManage && <Table.Th w={250}>Change</Table.Th>}
                </>
              }
            >
              {operators.map((o) => (
                <Table.Tr key={o.id} data-testid="operator-row" data-name={o.name} data-disabled={o.disabled}>
                  <Table.Td>
                    <Group gap={6} wrap="wrap">
                      <Text size="sm" fw={500} td={o.disabled ? 'line-through' : undefined} style={{ overflowWrap: 'anywhere' }}>
                        {o.name}
                      </Text>
                      {o.id === me?.id && (
                        <Badge size="xs" variant="light" tt="none">
                          you
                        </Badge>
                      )}
                      {o.disabled && (
                        <Badge size="xs" color="gray" tt="none">
                          disabled
                        </Badge>
                      )}
                      {o.isDemo && (
                        <Badge size="xs" color="yellow" tt="none">
                          demo
                        </Badge>
                      )}
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    <NameBadges names={o.roles} size="sm" variant="outline" />
                  </Table.Td>
                  {mayManage && (
                    <Table.Td>
                      <Group gap={4} wrap="wrap">
                        <Button
                          size="compact-xs"
                          variant="default"
                          leftSection={<IconPencil size={12} />}
                          onClick={() => setEditing({ kind: 'edit', operator: o })}
                        >
                          Edit
                        </Button>
                        <Button
                          size="compact-xs"
                          variant="default"
                          leftSection={<IconKey size={12} />}
                          onClick={() => setEditing({ kind: 'reset', operator: o })}
                        >
                          Reset passphrase
                        </Button>
                        <Button
                          size="compact-xs"
                          variant="subtle"
                          color={o.disabled ? 'green' : 'red'}
                          onClick={() => toggleDisabled(o)}
                          loading={update.isPending && update.variables?.id === o.id && update.variables.disabled !== undefined}
                        >
                          {o.disabled ? 'Enable' : 'Disable'}
                        </Button>
                      </Group>
                    </Table.Td>
                  )}
                </Table.Tr>
              ))}
            </PlainTable>
          )}
        </QueryState>
      </Stack>
      <OperatorModal
        editing={editing}
        onClose={() => setEditing(null)}
        onDone={(text) => {
          setEditing(null);
          setNotice(text);
        }}
      />
    </Card>
  );
}
