import { describe, expect, it } from 'vitest';
import { AppError } from '../../src-main/errors';
import { ProviderError, redactError } from '../../src-main/providers/http';
import { RedactionRegistry, SecretRedactor, redactKnownPatterns } from '../../src-main/providers/redaction';

const secret = 'k3y+with/slash= and space+/=';
const redactor = new SecretRedactor([secret]);

describe('SecretRedactor', () => {
  it.each([
    ['raw', secret],
    ['encodeURIComponent', encodeURIComponent(secret)],
    ['percent-encoding in lower case', encodeURIComponent(secret).replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase())],
    ['form encoding (+ for spaces)', new URLSearchParams({ v: secret }).toString().slice(2)],
    ['encodeURI', encodeURI(secret)],
    ['double percent-encoding', encodeURIComponent(encodeURIComponent(secret))],
    ['JSON-escaped', JSON.stringify(secret).slice(1, -1)],
    ['JSON-escaped with \\/', JSON.stringify(secret).slice(1, -1).replace(/\//g, '\\/')],
    ['JSON inside JSON', JSON.stringify(JSON.stringify(secret)).slice(3, -3)],
    ['base64', Buffer.from(secret).toString('base64')],
    ['base64url', Buffer.from(secret).toString('base64url')],
  ])('removes the %s form', (_name, form) => {
    const out = redactor.redact(`before ${form} after`);
    expect(out).toBe('before [redacted] after');
  });

  it.each([0, 1, 2, 3, 4, 5])('removes the secret from base64 of a longer value (%i bytes before it)', (lead) => {
    const prefix = 'x'.repeat(lead);
    for (const encoding of ['base64', 'base64url'] as const) {
      const encoded = Buffer.from(`${prefix}${secret}:tail`).toString(encoding);
      const out = redactor.redact(`value ${encoded} end`);
      // What may stay: the groups that encode the neighbours together with at most two edge bytes of the secret.
      const left = out.replace('[redacted]', '').replace(/^value | end$/g, '');
      const groups = (bytes: number) => 4 * Math.ceil(bytes / 3);
      expect(out).toContain('[redacted]');
      expect(left.length).toBeLessThanOrEqual(groups(lead + 2) + groups(2 + ':tail'.length));
    }
  });

  it('removes `Basic base64(id:secret)` as a whole, edge bytes included', () => {
    const basic = Buffer.from(`client-42:${secret}`).toString('base64');
    expect(redactor.redact(`authorization: Basic ${basic}`)).toBe('authorization: Basic [redacted]');
  });

  it('keeps ordinary text, and redacts nothing without secrets but credential-looking patterns', () => {
    const text = 'Talli refused the credentials (HTTP 401). Check the token URL; key: 12 apples; Idempotency key reused.';
    expect(redactor.redact(text)).toBe(text);
    expect(new SecretRedactor().redact('Bearer abcdef123456 and "client_secret":"hunter22"')).toBe(
      'Bearer [redacted] and "client_secret":"[redacted]"',
    );
  });

  it('redacts derived tokens, keeping only the newest 64', () => {
    const r = new SecretRedactor([secret]);
    const tokens = Array.from({ length: 70 }, (_, i) => `tok_${i.toString().padStart(3, '0')}_${'z'.repeat(10)}`);
    for (const t of tokens) r.addDerived(t);
    expect(r.redact(tokens[69]!)).toBe('[redacted]');
    expect(r.redact(tokens[6]!)).toBe('[redacted]');
    expect(r.redact(tokens[5]!)).toBe(tokens[5]);
    // The connection's own secrets never fall out.
    expect(r.redact(secret)).toBe('[redacted]');
  });

  it('redacts PEM keys, their body lines and pasted "\\n" forms', () => {
    const pem =
      '-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIHq0m9lZBEsL6Ha1fRJcNq8X+Yv/2SG0Hq7sQ3tLkq9x\n-----END PRIVATE KEY-----\n';
    const r = new SecretRedactor([pem]);
    expect(r.redact(`key ${pem.replace(/\n/g, '\\n')}`)).not.toContain('MC4CAQ');
    expect(r.redact('line MC4CAQAwBQYDK2VwBCIEIHq0m9lZBEsL6Ha1fRJcNq8X+Yv/2SG0Hq7sQ3tLkq9x end')).toBe('line [redacted] end');
  });

  it('redactError keeps the kind and status of a ProviderError and cleans message and provider message', () => {
    const error = new ProviderError('validation', `rejected key=${encodeURIComponent(secret)}`, {
      status: 400,
      providerMessage: `echo ${secret}`,
    });
    const clean = redactError(redactor, error) as ProviderError;
    expect(clean).toBeInstanceOf(ProviderError);
    expect(clean.kind).toBe('validation');
    expect(clean.status).toBe(400);
    expect(clean.message).toBe('rejected key=[redacted]');
    expect(clean.details.providerMessage).toBe('echo [redacted]');
    const app = redactError(redactor, new AppError('PROVIDER', `bad ${secret}`, { apiKey: secret })) as AppError;
    expect(app.message).toBe('bad [redacted]');
    expect(app.fieldErrors).toEqual({ apiKey: '[redacted]' });
  });

  it('the registry redacts every connection it knows, plus the patterns', () => {
    const registry = new RedactionRegistry();
    registry.forConnection('a').addSecret('alpha-secret-1');
    registry.forConnection('b').addSecret('beta+secret/2=');
    expect(registry.forConnection('a')).toBe(registry.forConnection('a'));
    expect(registry.redact('alpha-secret-1 beta%2Bsecret%2F2%3D eyJhbGciOiJFZERTQSJ9..c2lnbmF0dXJlLXZhbHVl')).toBe(
      '[redacted] [redacted] [redacted]',
    );
    expect(redactKnownPatterns('https://x/session?key=abc123&page=2')).toBe('https://x/session?key=[redacted]&page=2');
  });
});
