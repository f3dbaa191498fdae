import { useRef, useState, type FormEvent } from 'react';
import { Alert, Code, SimpleGrid, Stack, Text, UnstyledButton } from '@mantine/core';
import type { SessionStatus } from '@shared/contract';
import { useSessionCall } from '../../api/session';
import { NameBadges } from '../../components/NameBadges';
import { SignInForm, type SignInField } from '../../components/SignInForm';
import { errorMessage } from '../../lib/errors';
import { GateLayout } from './GateLayout';
import { hasErrors, signInErrors, type Errors } from './sessionForms';
import classes from './session.module.css';

type DemoOperator = NonNullable<SessionStatus['demoOperators']>[number];

/** Name and passphrase; in the demo workspace its operators, with their passphrases, one click away. */
export function SignInScreen({ status }: { status: SessionStatus }) {
  const signIn = useSessionCall('session.signIn');
  const [name, setName] = useState('');
  const [passphrase, setPassphrase] = useState('');
  const [errors, setErrors] = useState<Errors<'name' | 'passphrase'>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const passphraseRef = useRef<HTMLInputElement>(null);
  const submitRef = useRef<HTMLButtonElement>(null);
  const demo = status.demoOperators;

  const choose = (operator: DemoOperator) => {
    setName(operator.name);
    setPassphrase(operator.passphrase);
    setErrors({});
    setFormError(null);
    submitRef.current?.focus();
  };

  /** A field of the form; typing clears its error. */
  const field = (key: 'name' | 'passphrase', label: string, value: string, set: (value: string) => void): SignInField => ({
    label,
    value,
    error: errors[key],
    onChange: (typed) => {
      set(typed);
      setErrors((x) => ({ ...x, [key]: undefined }));
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setFormError(null);
    const local = signInErrors({ name, passphrase });
    setErrors(local);
    if (hasErrors(local)) return;
    const typed = passphrase;
    // The passphrase leaves the field as soon as it is used, whatever the answer.
    setPassphrase('');
    signIn.mutate(
      { name: name.trim(), passphrase: typed },
      {
        onError: (e) => {
          setFormError(errorMessage(e));
          passphraseRef.current?.focus();
        },
      },
    );
  };

  return (
    <GateLayout title="Sign in" demo={demo !== null} testId="sign-in-screen" width={demo ? 620 : 460}>
      {demo && (
        <Stack gap="xs" data-testid="demo-operators">
          <Alert color="yellow" variant="light" title="The demo's operators" p="sm">
            <Text size="sm">
              These three operators and their passphrases belong to the demo workspace and are shown only here, so you can try four eyes at
              once: one drafts, another approves. Choose one to fill in the form.
            </Text>
          </Alert>
          <SimpleGrid cols={{ base: 1, xs: 3 }} spacing="xs">
            {demo.map((d) => (
              <UnstyledButton
                key={d.name}
                className={classes.choice}
                onClick={() => choose(d)}
                aria-label={`Fill in ${d.name}`}
                data-testid="demo-operator"
                data-name={d.name}
              >
                <Stack gap={4}>
                  <Text fw={600}>{d.name}</Text>
                  <NameBadges names={d.roles} size="xs" variant="light" />
                  <Text size="xs" c="dimmed">
                    Passphrase <Code>{d.passphrase}</Code>
                  </Text>
                </Stack>
              </UnstyledButton>
            ))}
          </SimpleGrid>
        </Stack>
      )}
      <SignInForm
        label="Sign in"
        onSubmit={submit}
        who={field('name', 'Name', name, setName)}
        secret={field('passphrase', 'Passphrase', passphrase, setPassphrase)}
        secretRef={passphraseRef}
        submitRef={submitRef}
        pending={signIn.isPending}
        error={formError}
        errorTestId="sign-in-error"
      />
    </GateLayout>
  );
}
