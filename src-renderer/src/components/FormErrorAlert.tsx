import { Alert, List } from '@mantine/core';

/** Why a form was not saved: main's message, and the problems no field of the form shows. */
export function FormErrorAlert({
  title,
  message,
  details,
  testId,
}: {
  title: string;
  message: string | null;
  details: string[];
  testId?: string;
}) {
  if (!message) return null;
  return (
    <Alert color="red" variant="light" title={title} role="alert" data-testid={testId}>
      {message}
      {details.length > 0 && (
        <List size="sm" mt={4}>
          {details.map((d) => (
            <List.Item key={d}>{d}</List.Item>
          ))}
        </List>
      )}
    </Alert>
  );
}
