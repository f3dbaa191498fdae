import { useState, type FormEvent } from 'react';
import {
  Alert,
  Badge,
  Button,
  Card,
  Checkbox,
  Group,
  Modal,
  PasswordInput,
  Skeleton,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { IconKey, IconPencil, IconUserPlus } from '@tabler/icons-react';
import { operatorRoles } from '@shared/contract/model';
import type { Operator, OperatorRole } from '@shared/contract';
import { ApiError } from '../../api/client';
import { useApiMutation, useApiQuery } from '../../api/queries';
import { useOperator, usePermission } from '../../api/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { QueryState } from '../../components/QueryState';
import { roleDescriptions } from '../../lib/access';
import { errorMessage } from '../../lib/errors';
import { useInertBackground } from '../../lib/useInertBackground';
import { hasErrors, minPassphraseLength, nameProblem, newPassphraseErrors, type Errors } from '../session/sessionForms';

type Editing = { kind: 'add' } | { kind: 'edit'; operator: Operator } | { kind: 'reset'; operator: Operator } | null;

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
            <Table.ScrollContainer minWidth={520}>
              <Table verticalSpacing={6} layout="fixed" aria-label="Operators" data-testid="operators-table">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Name</Table.Th>
                    <Table.Th w={190}>Roles</Table.Th>
                    {mayManage && <Table.Th w={250}>Change</Table.Th>}
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
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
                        <Group gap={4}>
                          {o.roles.map((r) => (
                            <Badge key={r} size="sm" variant="outline" tt="none">
                              {r}
                            </Badge>
                          ))}
                        </Group>
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
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
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

function OperatorModal({ editing, onClose, onDone }: { editing: Editing; onClose: () => void; onDone: (notice: string) => void }) {
  useInertBackground(editing !== null);
  const title =
    editing?.kind === 'add'
      ? 'Add operator'
      : editing?.kind === 'edit'
        ? `Edit ${editing.operator.name}`
        : editing?.kind === 'reset'
          ? `Reset ${editing.operator.name}'s passphrase`
          : '';
  return (
    <Modal opened={editing !== null} onClose={onClose} title={title} closeOnClickOutside={false}>
      {editing?.kind === 'add' && <AddOperatorForm onClose={onClose} onDone={onDone} />}
      {editing?.kind === 'edit' && (
        <EditOperatorForm key={editing.operator.id} operator={editing.operator} onClose={onClose} onDone={onDone} />
      )}
      {editing?.kind === 'reset' && (
        <ResetPassphraseForm key={editing.operator.id} operator={editing.operator} onClose={onClose} onDone={onDone} />
      )}
    </Modal>
  );
}

function RolesField({ value, onChange, error }: { value: OperatorRole[]; onChange: (roles: OperatorRole[]) => void; error?: string }) {
  return (
    <Checkbox.Group label="Roles" value={value} onChange={(v) => onChange(v as OperatorRole[])} error={error}>
      <Stack gap={6} mt={4}>
        {operatorRoles.map((r) => (
          <Checkbox key={r} value={r} label={r} description={roleDescriptions[r]} />
        ))}
      </Stack>
    </Checkbox.Group>
  );
}

function FormButtons({ label, saving, onClose }: { label: string; saving: boolean; onClose: () => void }) {
  return (
    <Group justify="flex-end">
      <Button variant="default" onClick={onClose} disabled={saving}>
        Cancel
      </Button>
      <Button type="submit" loading={saving}>
        {label}
      </Button>
    </Group>
  );
}

const fieldErrorsOf = (e: unknown) => (e instanceof ApiError ? e.fieldErrors : {});

function AddOperatorForm({ onClose, onDone }: { onClose: () => void; onDone: (notice: string) => void }) {
  const create = useApiMutation('operators.create', { invalidates: ['operators'] });
  const [name, setName] = useState('');
  const [roles, setRoles] = useState<OperatorRole[]>(['preparer']);
  const [passphrase, setPassphrase] = useState('');
  const [repeat, setRepeat] = useState('');
  const [errors, setErrors] = useState<Errors<'name' | 'roles' | 'passphrase' | 'repeat'>>({});
  const [formError, setFormError] = useState<string | null>(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setFormError(null);
    const nameError = nameProblem(name);
    const local = {
      ...(nameError ? { name: nameError } : {}),
      ...(roles.length ? {} : { roles: 'Give the operator at least one role.' }),
      ...newPassphraseErrors(passphrase, repeat),
    };
    setErrors(local);
    if (hasErrors(local)) return;
    create.mutate(
      { name: name.trim(), roles, passphrase },
      {
        onSuccess: (o) => {
          setPassphrase('');
          setRepeat('');
          onDone(`Added ${o.name} (${o.roles.join(', ')}). Give them their passphrase in person; they can change it in Settings.`);
        },
        onError: (e) => {
          const f = fieldErrorsOf(e);
          setErrors({ name: f.name, roles: f.roles, passphrase: f.passphrase });
          if (!f.name && !f.roles && !f.passphrase) setFormError(errorMessage(e));
        },
      },
    );
  };

  return (
    <form onSubmit={submit} noValidate aria-label="Add operator">
      <Stack gap="sm">
        <TextInput label="Name" value={name} onChange={(e) => setName(e.currentTarget.value)} error={errors.name} data-autofocus />
        <RolesField value={roles} onChange={setRoles} error={errors.roles} />
        <PasswordInput
          label="Passphrase"
          description={`At least ${minPassphraseLength} characters. The operator can change it after signing in.`}
          value={passphrase}
          onChange={(e) => setPassphrase(e.currentTarget.value)}
          error={errors.passphrase}
          autoComplete="new-password"
        />
        <PasswordInput
          label="Repeat the passphrase"
          value={repeat}
          onChange={(e) => setRepeat(e.currentTarget.value)}
          error={errors.repeat}
          autoComplete="new-password"
        />
        {formError && <ErrorAlert title="Not added" message={formError} />}
        <FormButtons label="Add operator" saving={create.isPending} onClose={onClose} />
      </Stack>
    </form>
  );
}

function EditOperatorForm({ operator, onClose, onDone }: { operator: Operator; onClose: () => void; onDone: (notice: string) => void }) {
  const update = useApiMutation('operators.update', { invalidates: ['operators'] });
  const [name, setName] = useState(operator.name);
  const [roles, setRoles] = useState<OperatorRole[]>(operator.roles);
  const [active, setActive] = useState(!operator.disabled);
  const [errors, setErrors] = useState<Errors<'name' | 'roles'>>({});
  const [formError, setFormError] = useState<string | null>(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setFormError(null);
    const nameError = nameProblem(name);
    const local = { ...(nameError ? { name: nameError } : {}), ...(roles.length ? {} : { roles: 'Give the operator at least one role.' }) };
    setErrors(local);
    if (hasErrors(local)) return;
    update.mutate(
      { id: operator.id, name: name.trim(), roles, disabled: !active },
      {
        onSuccess: (o) => onDone(`Saved ${o.name}: ${o.roles.join(', ')}${o.disabled ? ' (disabled)' : ''}.`),
        onError: (e) => {
          const f = fieldErrorsOf(e);
          setErrors({ name: f.name, roles: f.roles });
          // The last admin keeps the admin role: main's message says so, above the buttons as well.
          setFormError(errorMessage(e));
        },
      },
    );
  };

  return (
    <form onSubmit={submit} noValidate aria-label={`Edit ${operator.name}`}>
      <Stack gap="sm">
        <TextInput
          label="Name"
          description="Renaming changes how the operator is shown, never who approved what."
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          error={errors.name}
          data-autofocus
        />
        <RolesField value={roles} onChange={setRoles} error={errors.roles} />
        <Switch label="Can sign in" checked={active} onChange={(e) => setActive(e.currentTarget.checked)} />
        {formError && <ErrorAlert title="Not saved" message={formError} testId="operator-form-error" />}
        <FormButtons label="Save" saving={update.isPending} onClose={onClose} />
      </Stack>
    </form>
  );
}

function ResetPassphraseForm({ operator, onClose, onDone }: { operator: Operator; onClose: () => void; onDone: (notice: string) => void }) {
  const reset = useApiMutation('operators.resetPassphrase', { invalidates: ['operators'] });
  const [passphrase, setPassphrase] = useState('');
  const [repeat, setRepeat] = useState('');
  const [errors, setErrors] = useState<Errors<'passphrase' | 'repeat'>>({});
  const [formError, setFormError] = useState<string | null>(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setFormError(null);
    const local = newPassphraseErrors(passphrase, repeat);
    setErrors(local);
    if (hasErrors(local)) return;
    reset.mutate(
      { id: operator.id, passphrase },
      {
        onSuccess: () => {
          setPassphrase('');
          setRepeat('');
          onDone(`${operator.name}'s passphrase was reset. Give them the new one in person.`);
        },
        onError: (e) => {
          const f = fieldErrorsOf(e);
          if (f.passphrase) setErrors({ passphrase: f.passphrase });
          else setFormError(errorMessage(e));
        },
      },
    );
  };

  return (
    <form onSubmit={submit} noValidate aria-label={`Reset ${operator.name}'s passphrase`}>
      <Stack gap="sm">
        <PasswordInput
          label="New passphrase"
          description={`At least ${minPassphraseLength} characters.`}
          value={passphrase}
          onChange={(e) => setPassphrase(e.currentTarget.value)}
          error={errors.passphrase}
          autoComplete="new-password"
          data-autofocus
        />
        <PasswordInput
          label="Repeat the new passphrase"
          value={repeat}
          onChange={(e) => setRepeat(e.currentTarget.value)}
          error={errors.repeat}
          autoComplete="new-password"
        />
        {formError && <ErrorAlert title="Not reset" message={formError} />}
        <FormButtons label="Reset passphrase" saving={reset.isPending} onClose={onClose} />
      </Stack>
    </form>
  );
}
