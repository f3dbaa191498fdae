import { Button, Group, Text } from '@mantine/core';

/** A form's submit button, with a short confirmation beside it once saved. */
export function SaveRow({
  label,
  saving,
  saved,
  savedText,
  testId,
}: {
  label: string;
  saving: boolean;
  saved: boolean;
  savedText: string;
  testId: string;
}) {
  return (
    <Group>
      <Button type="submit" loading={saving}>
        {label}
      </Button>
      {saved && (
        <Text size="sm" c="green" role="status" data-testid={testId}>
          {savedText}
        </Text>
      )}
    </Group>
  );
}
