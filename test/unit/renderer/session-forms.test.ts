/** The first admin and sign-in forms check what main will check, so the operator hears of it at once. */
import { describe, expect, it } from 'vitest';
import { firstAdminErrors, newPassphraseErrors, signInErrors } from '../../../src-renderer/src/screens/session/sessionForms';
import { activityReporter } from '../../../src-renderer/src/lib/activity';
import { operatorOperations } from '../../../src-shared/contract/operators';

describe('session forms', () => {
  it('ask for a name and a passphrase of at least 10 characters, typed twice the same', () => {
    expect(firstAdminErrors({ name: ' ', passphrase: '', repeat: '' })).toEqual({
      name: 'Enter a name.',
      passphrase: 'Choose a passphrase.',
    });
    expect(newPassphraseErrors('short', 'short')).toEqual({ passphrase: 'Use at least 10 characters for a passphrase.' });
    expect(newPassphraseErrors('long enough words', 'long enough word')).toEqual({ repeat: 'The two passphrases are not the same.' });
    expect(firstAdminErrors({ name: 'Ada', passphrase: 'long enough words', repeat: 'long enough words' })).toEqual({});
    expect(signInErrors({ name: '', passphrase: '' })).toEqual({ name: 'Enter your name.', passphrase: 'Enter your passphrase.' });
  });

  it('accept exactly what the contract accepts as a new passphrase', () => {
    const contract = operatorOperations['operators.createFirst'].input;
    for (const passphrase of ['123456789', '1234567890', 'a'.repeat(1_000), 'a'.repeat(1_001)]) {
      const local = newPassphraseErrors(passphrase, passphrase);
      expect([passphrase.length, Object.keys(local).length === 0]).toEqual([
        passphrase.length,
        contract.safeParse({ name: 'Ada', passphrase }).success,
      ]);
    }
  });
});

describe('activity reporter', () => {
  it('tells main of the first input at once, then at most once per interval', () => {
    let now = 0;
    const sent: number[] = [];
    const report = activityReporter(
      () => sent.push(now),
      20_000,
      () => now,
    );
    report();
    for (now = 1_000; now < 19_999; now += 1_000) report();
    expect(sent).toEqual([0]);
    now = 20_000;
    report();
    report();
    now = 39_999;
    report();
    now = 45_000;
    report();
    expect(sent).toEqual([0, 20_000, 45_000]);
  });
});
