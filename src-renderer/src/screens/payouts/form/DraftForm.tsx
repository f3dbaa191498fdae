import { useState } from 'react';
import { Button, Group, Stack, Text } from '@mantine/core';
import type { PayoutDetail } from '@shared/contract';
import { useProviders } from '../../../api/providers';
import { ConfirmModal } from '../../../components/ConfirmModal';
import { ConnectionSelect } from '../../../components/ConnectionSelect';
import { FormErrorAlert } from '../../../components/FormErrorAlert';
import { errorMessage } from '../../../lib/errors';
import { formatAmount } from '../../../lib/formatAmount';
import { PaymentSection } from './PaymentSection';
import { RecipientSection } from './RecipientSection';
import { useDraftForm } from './useDraftForm';

/** The draft form itself: a connection, then what its provider's draft rules ask for. */
export function DraftForm({ editing, onClose }: { editing: PayoutDetail | null; onClose: () => void }) {
  const form = useDraftForm(editing, onClose);
  const providers = useProviders();
  const [confirmDelete, setConfirmDelete] = useState(false);
  const { values, errors, rules, connection, saving } = form;

  return (
    <form onSubmit={(e) => void form.submit(e)} noValidate aria-label={editing ? 'Edit draft' : 'New payout'}>
      <Stack gap="sm">
        <FormErrorAlert
          title="Could not save the draft"
          message={form.generalError}
          details={form.otherErrors}
          testId="payout-form-error"
        />

        <ConnectionSelect
          connections={form.connections}
          value={values.connectionId}
          onChange={form.changeConnection}
          disabled={editing !== null}
          description={editing ? 'A draft stays with its connection.' : undefined}
          error={errors.connection}
          data-autofocus={editing ? undefined : true}
        />

        {connection && rules && (
          <>
            <RecipientSection form={form} />
            <PaymentSection form={form} providerName={providers.name(connection.provider)} />
          </>
        )}

        <Group justify="space-between" mt="sm">
          {editing ? (
            <Button variant="subtle" color="red" onClick={() => setConfirmDelete(true)} disabled={saving}>
              Delete draft
            </Button>
          ) : (
            <span />
          )}
          <Group gap="xs">
            <Button variant="default" onClick={onClose} disabled={saving}>
              Cancel
            </Button>
            <Button type="submit" loading={saving} disabled={!rules}>
              Save draft
            </Button>
          </Group>
        </Group>
      </Stack>

      <ConfirmModal
        opened={confirmDelete}
        title="Delete draft"
        confirmLabel="Delete draft"
        confirmColor="red"
        cancelLabel="Keep draft"
        busy={form.deletion.isPending}
        error={form.deletion.error ? errorMessage(form.deletion.error) : null}
        onConfirm={() =>
          void form.deleteDraft().then(
            () => setConfirmDelete(false),
            () => undefined,
          )
        }
        onClose={() => {
          setConfirmDelete(false);
          form.deletion.reset();
        }}
      >
        <Text size="sm">
          The draft{editing ? ` of ${formatAmount(editing.amount.minor, editing.amount.currency)}` : ''} is removed. It was never sent; the
          audit log keeps a record of it.
        </Text>
      </ConfirmModal>
    </form>
  );
}
