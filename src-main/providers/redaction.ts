/**
 * Redaction by construction. A connection's secrets can come back to Paydesk in any form they took on the wire: a
 * provider that echoes our request in an error puts the key in a query string (percent- or form-encoded), a form
 * body, a JSON body (escaped), or a header (raw, Bearer, base64 inside `Basic base64(id:secret)`). One SecretRedactor
 * per connection knows every secret of that connection and every token derived from them (session tokens, OAuth
 * access tokens, signed JWTs), and removes each of them in every one of those forms. It is made when the
 * connection's client is built (src-main/connections/provider-clients.ts) and shared by that client's HTTP layer;
 * a RedactionRegistry holds every connection's redactor for the sinks that are not tied to one connection (the
 * application log).
 */
export const REDACTED = '[redacted]';

/** Shorter values are not worth (and not safe) matching: they would cut words out of ordinary text. */
const MIN_SECRET_LENGTH = 4;
/** A base64 run of a secret's bytes shorter than this could match by chance, so it is not redacted on its own. */
const MIN_BASE64_CORE = 8;
/** Derived tokens (a provider may sign one JWT per request) are kept newest first, up to this many per connection. */
const MAX_DERIVED = 64;

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A regular expression for one literal form, with percent-escapes matched in either case (%2b and %2B). */
function literalPattern(form: string): string {
  return form
    .split(/(%[0-9A-Fa-f]{2})/)
    .map((part, i) =>
      i % 2 === 1
        ? `%[${part[1]!.toUpperCase()}${part[1]!.toLowerCase()}][${part[2]!.toUpperCase()}${part[2]!.toLowerCase()}]`
        : escapeRegExp(part),
    )
    .join('');
}

const formEncode = (value: string) => new URLSearchParams({ v: value }).toString().slice(2);

/**
 * The base64 (or base64url) characters that encode `bytes` wherever they sit inside a longer value: for each of the
 * three alignments, the groups made of the secret's bytes only. `Basic base64(id:secret)` contains one of them.
 */
function base64Cores(bytes: Buffer, encoding: 'base64' | 'base64url'): string[] {
  const cores: string[] = [];
  for (let offset = 0; offset < 3; offset += 1) {
    const skip = (3 - offset) % 3;
    const groups = Math.floor((bytes.length - skip) / 3);
    if (groups <= 0) continue;
    const core = bytes.subarray(skip, skip + groups * 3).toString(encoding);
    if (core.length >= MIN_BASE64_CORE) cores.push(core);
  }
  return cores;
}

/** The base64 body of a PEM block (what is secret in a private key), as one line and line by line. */
function pemBodies(value: string): string[] {
  const match = /-----BEGIN [^-]+-----([\s\S]*?)-----END [^-]+-----/.exec(value.replace(/\\n/g, '\n'));
  if (!match) return [];
  const lines = match[1]!.split(/\s+/).filter(Boolean);
  return [lines.join(''), ...lines.filter((l) => l.length >= 16)];
}

/** Every form a secret can take on the wire or in a provider's echo of it. */
export function wireForms(secret: string): string[] {
  const forms = new Set<string>();
  const add = (form: string) => {
    if (form.length >= MIN_SECRET_LENGTH) forms.add(form);
  };
  const bases = new Set([secret, secret.trim(), secret.replace(/\r?\n/g, '\\n'), ...pemBodies(secret)]);
  for (const base of bases) {
    if (base.length < MIN_SECRET_LENGTH) continue;
    const percent = [encodeURIComponent(base), encodeURI(base), formEncode(base)];
    for (const form of [base, ...percent]) {
      add(form);
      // Echoed once more inside a query string or a form value.
      add(encodeURIComponent(form));
      add(formEncode(form));
    }
    const json = JSON.stringify(base).slice(1, -1);
    add(json);
    add(json.replace(/\//g, '\\/'));
    add(JSON.stringify(json).slice(1, -1));
    const bytes = Buffer.from(base, 'utf8');
    for (const encoding of ['base64', 'base64url'] as const) {
      const full = bytes.toString(encoding);
      add(full);
      add(full.replace(/=+$/, ''));
      add(encodeURIComponent(full));
      for (const core of base64Cores(bytes, encoding)) {
        add(core);
        add(encodeURIComponent(core));
      }
    }
  }
  return [...forms];
}

/**
 * Patterns that look like credentials whoever they belong to: Bearer/Basic values, JWTs (also detached
 * `header..signature`), PEM private keys, and `name=value` / `"name":"value"` pairs with a secret's name. The
 * application log runs every line through these on top of the connections' own secrets.
 */
const SECRET_NAMES =
  '(?:x-)?(?:api[-_]?key|client[-_]?secret|access[-_]?token|refresh[-_]?token|session[-_]?token|id[-_]?token|password|passphrase|private[-_]?key|secret|authorization)';
const GLOBAL_PATTERNS: Array<[RegExp, string]> = [
  [/-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)/g, REDACTED],
  // The whole credential after the scheme, including what a connection's redactor already cut out of it (the tail
  // of a base64 run holds the last bytes of the secret).
  [
    /\b(Bearer|Basic)(\s+|%20|\+)(?:[A-Za-z0-9._~+/=%-]|\[redacted\])*(?:[A-Za-z0-9._~+/=%-]{6,}|\[redacted\])(?:[A-Za-z0-9._~+/=%-]|\[redacted\])*/gi,
    `$1$2${REDACTED}`,
  ],
  [/\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]{4,}/g, REDACTED],
  [
    new RegExp(
      `\\b(${SECRET_NAMES})((?:\\\\?["'])?\\s*(?:=|:|%3D)\\s*(?:\\\\?["'])?)(?!\\[redacted\\]|%5Bredacted%5D|(?:Bearer|Basic)\\b)([^\\s"'\\\\&,;}]+)`,
      'gi',
    ),
    `$1$2${REDACTED}`,
  ],
  // A bare `key` or `token` only as a query or form parameter: elsewhere the words are ordinary.
  [/([?&](?:key|token)=)(?!\[redacted\]|%5Bredacted%5D)[^\s&#"']+/gi, `$1${REDACTED}`],
];

export function redactKnownPatterns(text: string): string {
  let out = text;
  for (const [pattern, replacement] of GLOBAL_PATTERNS) out = out.replace(pattern, replacement);
  return out;
}

export class SecretRedactor {
  private readonly secrets = new Set<string>();
  /** Newest last; the oldest falls out past MAX_DERIVED (an expired JWT is worthless, and the set must stay bounded). */
  private readonly derived: string[] = [];
  private pattern: RegExp | null = null;
  private dirty = false;

  constructor(secrets: Iterable<string> = []) {
    for (const secret of secrets) this.addSecret(secret);
  }

  /** A secret of the connection (from the keychain) or a credential made from it (a Basic header value). */
  addSecret(secret: string | null | undefined): void {
    if (!secret || secret.trim().length < MIN_SECRET_LENGTH || this.secrets.has(secret)) return;
    this.secrets.add(secret);
    this.dirty = true;
  }

  addSecrets(secrets: Iterable<string>): void {
    for (const secret of secrets) this.addSecret(secret);
  }

  /** A token the client obtained or made (session token, access token, signed JWT). */
  addDerived(token: string | null | undefined): void {
    if (!token || token.length < MIN_SECRET_LENGTH || this.secrets.has(token)) return;
    const at = this.derived.indexOf(token);
    if (at === this.derived.length - 1 && at >= 0) return;
    if (at >= 0) this.derived.splice(at, 1);
    this.derived.push(token);
    if (this.derived.length > MAX_DERIVED) this.derived.splice(0, this.derived.length - MAX_DERIVED);
    this.dirty = true;
  }

  /** Every secret in every form, then anything that looks like a credential. */
  redact(text: string): string {
    if (!text) return text;
    const pattern = this.compiled();
    const out = pattern ? text.replace(pattern, REDACTED) : text;
    return redactKnownPatterns(out);
  }

  private compiled(): RegExp | null {
    if (this.dirty || !this.pattern) {
      const forms = new Set<string>();
      for (const value of [...this.secrets, ...this.derived]) for (const form of wireForms(value)) forms.add(form);
      const sorted = [...forms].sort((a, b) => b.length - a.length);
      this.pattern = sorted.length ? new RegExp(sorted.map(literalPattern).join('|'), 'g') : null;
      this.dirty = false;
    }
    return this.pattern;
  }
}

/** The redactor a client shares with its HTTP layer: the connection's own, or one made from the config's secrets. */
export function connectionRedactor(config: { secrets: Record<string, string>; redactor?: SecretRedactor | undefined }): SecretRedactor {
  const redactor = config.redactor ?? new SecretRedactor();
  redactor.addSecrets(Object.values(config.secrets));
  return redactor;
}

/** Every connection's redactor, for sinks that see text of any connection (the application log, uncaught errors). */
export class RedactionRegistry {
  private readonly byConnection = new Map<string, SecretRedactor>();

  /** The one redactor of a connection: made on first use, kept across client rebuilds so an edited key stays redacted. */
  forConnection(connectionId: string): SecretRedactor {
    let redactor = this.byConnection.get(connectionId);
    if (!redactor) {
      redactor = new SecretRedactor();
      this.byConnection.set(connectionId, redactor);
    }
    return redactor;
  }

  redact(text: string): string {
    let out = text;
    for (const redactor of this.byConnection.values()) out = redactor.redact(out);
    return redactKnownPatterns(out);
  }
}
