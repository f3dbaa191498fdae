/** The checks of the session and operator forms, kept apart from the JSX. Main checks the same again. */

/** As main requires (src-shared/contract/operators.ts). */
export const minPassphraseLength = 10;
const maxPassphraseLength = 1_000;
const maxNameLength = 80;

export type Errors<K extends string> = Partial<Record<K, string>>;

export function nameProblem(name: string): string | null {
  const trimmed = name.trim();
  if (!trimmed) return 'Enter a name.';
  if (trimmed.length > maxNameLength) return `Keep the name under ${maxNameLength} characters.`;
  return null;
}

/** A new passphrase and its repetition. */
export function newPassphraseErrors(passphrase: string, repeat: string): Errors<'passphrase' | 'repeat'> {
  const errors: Errors<'passphrase' | 'repeat'> = {};
  if (!passphrase) errors.passphrase = 'Choose a passphrase.';
  else if (passphrase.length < minPassphraseLength) errors.passphrase = `Use at least ${minPassphraseLength} characters for a passphrase.`;
  else if (passphrase.length > maxPassphraseLength) errors.passphrase = 'Keep the passphrase under 1,000 characters.';
  else if (repeat !== passphrase) errors.repeat = 'The two passphrases are not the same.';
  return errors;
}

export function firstAdminErrors(values: { name: string; passphrase: string; repeat: string }): Errors<'name' | 'passphrase' | 'repeat'> {
  const name = nameProblem(values.name);
  return { ...(name ? { name } : {}), ...newPassphraseErrors(values.passphrase, values.repeat) };
}

export function signInErrors(values: { name: string; passphrase: string }): Errors<'name' | 'passphrase'> {
  return {
    ...(values.name.trim() ? {} : { name: 'Enter your name.' }),
    ...(values.passphrase ? {} : { passphrase: 'Enter your passphrase.' }),
  };
}

export const hasErrors = (errors: Record<string, string | undefined>) => Object.values(errors).some(Boolean);
