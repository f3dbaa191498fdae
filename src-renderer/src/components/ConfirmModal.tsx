import type { ReactNode } from 'react';
import { Button, Group, Modal, Stack } from '@mantine/core';
import { useInertBackground } from '../lib/useInertBackground';
import { ErrorAlert } from './ErrorAlert';

export interface ConfirmModalProps {
  opened: boolean;
  title: string;
  children?: ReactNode;
  confirmLabel: string;
  cancelLabel?: string;
  confirmColor?: string;
  /** The confirmed action is running: buttons stay labelled, the confirm button shows a loader. */
  busy?: boolean;
  confirmDisabled?: boolean;
  error?: string | null;
  onConfirm: () => void;
  onClose: () => void;
  testId?: string;
}

/**
 * Confirmation before anything that moves or removes money. Sits above drawers (z-index) and never closes by a
 * click outside, so a stray click cannot dismiss a half-read confirmation.
 */
export function ConfirmModal({
  opened,
  title,
  children,
  confirmLabel,
  cancelLabel = 'Go back',
  confirmColor,
  busy = false,
  confirmDisabled = false,
  error,
  onConfirm,
  onClose,
  testId,
}: ConfirmModalProps) {
  useInertBackground(opened);
  return (
    <Modal
      opened={opened}
      onClose={() => {
        if (!busy) onClose();
      }}
      title={title}
      zIndex={400}
      closeOnClickOutside={false}
      size="lg"
      data-testid={testId}
    >
      <Stack gap="md">
        {children}
        {error && <ErrorAlert title="It did not work" message={error} />}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} disabled={busy}>
            {cancelLabel}
          </Button>
          <Button color={confirmColor} onClick={onConfirm} loading={busy} disabled={confirmDisabled} data-autofocus>
            {confirmLabel}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
