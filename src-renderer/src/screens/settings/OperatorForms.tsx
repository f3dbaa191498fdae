/** The dialogs of Settings → Operators: add an operator, edit one, reset a passphrase. */
import { useState, type FormEvent } from 'react';
import { Button, Checkbox, Group, Modal, Stack, Switch, TextInput } from '@mantine/core';
import { operatorRoles } from '@shared/contract/model';
import type { Operator, OperatorRole } from '@shared/contract';
import { ApiError } from '../../api/client';
import { useApiMutation } from '../../api/queries';
import { ErrorAlert } from '../../components/ErrorAlert';
import { roleDescriptions } from '../../lib/access';
import { errorMessage } from '../../lib/errors';
import { useInertBackground } from '../../lib/useInertBackground';
import { hasErrors, minPassphraseLength, nameProblem, type Errors } from '../session/sessionForms';
import { NewPassphraseFields, useNewPassphrase } from '../session/NewPassphraseFields';

export type Editing = { kind: 'add' } | { kind: 'edit'; operator: Operator } | { kind: 'reset'; operator: Operator } | null;

export function OperatorModal({ editing, onClose, onDone }: { editing: Editing; onClose: () => void; onDone: (notice: string) => void }) {
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
  const newPassphrase = useNewPassphrase();
  const [errors, setErrors] = useState<Errors<'name' | 'roles' | 'passphrase' | 'repeat'>>({});
  const [formError, setFormError] = useState<string | null>(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setFormError(null);
    const nameError = nameProblem(name);
    const local = {
      ...(nameError ? { name: nameError } : {}),
      ...(roles.length ? {} : { roles: 'Give the operator at least one role.' }),
      ...newPassphrase.problems(),
    };
    setErrors(local);
    if (hasErrors(local)) return;
    create.mutate(
      { name: name.trim(), roles, passphrase: newPassphrase.passphrase },
      {
        onSuccess: (o) => {
          newPassphrase.clear();
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
        <NewPassphraseFields
          {...newPassphrase.fields}
          errors={errors}
          description={`At least ${minPassphraseLength} characters. The operator can change it after signing in.`}
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
  const newPassphrase = useNewPassphrase();
  const [errors, setErrors] = useState<Errors<'passphrase' | 'repeat'>>({});
  const [formError, setFormError] = useState<string | null>(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setFormError(null);
    const local = newPassphrase.problems();
    setErrors(local);
    if (hasErrors(local)) return;
    reset.mutate(
      { id: operator.id, passphrase: newPassphrase.passphrase },
      {
        onSuccess: () => {
          newPassphrase.clear();
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
        <NewPassphraseFields
          {...newPassphrase.fields}
          errors={errors}
          description={`At least ${minPassphraseLength} characters.`}
          label="New passphrase"
          repeatLabel="Repeat the new passphrase"
          autoFocus
        />
        {formError && <ErrorAlert title="Not reset" message={formError} />}
        <FormButtons label="Reset passphrase" saving={reset.isPending} onClose={onClose} />
      </Stack>
    </form>
  );
}
