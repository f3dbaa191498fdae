import { randomUUID } from 'node:crypto';
import type { ParsedInput } from '@shared/contract';
import type { Connection, ConnectionTestResult, PurgePreview } from '@shared/contract/model';
import type { AuthMode } from '@shared/contract/providers';
import { AppError, notFound } from '../errors';
import { credentialHint, type CredentialStore, type SecretFields } from '../credentials/credential-store';
import { ProviderError } from '../providers/http';
import type { ProviderClients } from './provider-clients';
import type { Actor } from '../storage/audit-store';
import type { ConnectionRecord, ConnectionRepository } from '../storage/connection-store';
import { checkConnectionInput } from './connection-rules';
import type { ProviderModule } from '../providers/provider';

type AddInput = ParsedInput<'connections.add'>;
type UpdateInput = ParsedInput<'connections.update'>;

/** Splits a form's credential fields into what the keychain keeps and what SQLite may keep. */
function splitCredentials(mode: AuthMode, input: { credentials: Record<string, string> }) {
  const secrets: SecretFields = {};
  const publicFields: Record<string, string> = {};
  for (const field of mode.fields) {
    const value = input.credentials[field.key]?.trim() ?? '';
    if (!value) continue;
    if (field.secret) secrets[field.key] = value;
    else publicFields[field.key] = value;
  }
  return { secrets, publicFields };
}

/** The address a checked form points at: its own for Custom, else the one the provider publishes for that environment. */
function resolveBaseUrl(module: ProviderModule, input: { environment: AddInput['environment']; baseUrl?: string | undefined }): string {
  if (input.environment === 'custom') return input.baseUrl!.trim().replace(/\/+$/, '');
  return module.info.baseUrls[input.environment as 'production' | 'sandbox']!;
}

/** What the audit trail may say about a connection: everything except secrets. */
function auditView(r: ConnectionRecord) {
  return {
    provider: r.provider,
    label: r.label,
    environment: r.environment,
    baseUrl: r.baseUrl,
    authMode: r.authMode,
    publicFields: r.publicFields,
  };
}

export class ConnectionService {
  constructor(
    private readonly repo: ConnectionRepository,
    private readonly credentials: CredentialStore,
    private readonly clients: ProviderClients,
    private readonly actor: () => Actor,
    /** True in the demo workspace, whose operators' passphrases are public (src-main/workspace/demo-operators.ts). */
    private readonly isDemoWorkspace: () => boolean = () => false,
  ) {}

  list(): Connection[] {
    return this.repo.list().map((r) => this.repo.toDto(r));
  }

  /** Secret first: if the keychain refuses, nothing is written; if SQLite fails, the secret is taken back. */
  async add(input: AddInput): Promise<Connection> {
    if (this.isDemoWorkspace()) {
      throw new AppError(
        'CONFLICT',
        'This is the demo workspace: its operators\' passphrases are shown on the sign-in screen, so no real account may be connected here. For real accounts, its admin can leave the demo (Settings → Your own workspace), or start Paydesk on a workspace of its own (see the README, "Your own workspace").',
      );
    }
    const { module, mode } = checkConnectionInput(
      input,
      true,
      this.repo.list().map((c) => c.label),
    );
    const { secrets, publicFields } = splitCredentials(mode, input);
    const now = new Date().toISOString();
    const record: ConnectionRecord = {
      id: randomUUID(),
      provider: input.provider,
      label: input.label.trim(),
      environment: input.environment,
      baseUrl: resolveBaseUrl(module, input),
      authMode: input.authMode,
      publicFields,
      credentialHint: credentialHint(secrets),
      isDemo: false,
      archivedAt: null,
      createdAt: now,
      updatedAt: now,
    };
    await this.credentials.save(record.id, secrets);
    try {
      const subject = `connection:${record.id}`;
      this.repo.add(
        [record],
        [
          { actor: this.actor(), action: 'connection.added', subject, details: { after: auditView(record) } },
          {
            actor: this.actor(),
            action: 'credential.saved',
            subject,
            // Which fields were stored, never any part of them (not even the hint the connection row shows).
            details: { fields: Object.keys(secrets).sort() },
          },
        ],
      );
    } catch (error) {
      await this.credentials.remove(record.id).catch(() => undefined);
      throw error;
    }
    return this.repo.toDto(record);
  }

  async update(input: UpdateInput): Promise<Connection> {
    const before = this.repo.get(input.id);
    if (!before) throw notFound('The connection');
    if (before.isDemo) throw new AppError('FORBIDDEN', 'Demo connections cannot be edited; add your own connection instead.');
    if (before.provider !== input.provider) {
      throw new AppError('INVALID_INPUT', 'The provider of a connection cannot change; add a new connection instead.', {
        provider: 'Cannot change',
      });
    }
    const { module, mode } = checkConnectionInput(
      input,
      false,
      this.repo
        .list()
        .filter((c) => c.id !== before.id)
        .map((c) => c.label),
    );
    const { secrets: newSecrets, publicFields } = splitCredentials(mode, input);
    const secretsChanged = Object.keys(newSecrets).length > 0;
    let secrets: SecretFields | null = null;
    if (secretsChanged) {
      // Fields left empty keep their stored value, unless the sign-in method changed.
      const stored = before.authMode === input.authMode ? ((await this.credentials.load(before.id)) ?? {}) : {};
      secrets = { ...stored, ...newSecrets };
    } else if (before.authMode !== input.authMode) {
      secrets = {};
    }
    if (secrets) {
      const missing = mode.fields.filter((f) => f.secret && f.required && !secrets![f.key]);
      if (missing.length) {
        throw new AppError(
          'INVALID_INPUT',
          'Enter the credentials for the new sign-in method.',
          Object.fromEntries(missing.map((f) => [`credentials.${f.key}`, `${f.label} is required.`])),
        );
      }
    }
    const after: ConnectionRecord = {
      ...before,
      label: input.label.trim(),
      environment: input.environment,
      baseUrl: resolveBaseUrl(module, input),
      authMode: input.authMode,
      publicFields,
      credentialHint: secrets ? credentialHint(secrets) : before.credentialHint,
      updatedAt: new Date().toISOString(),
    };
    const previousSecrets = secrets ? await this.credentials.load(before.id) : null;
    if (secrets) await this.credentials.save(before.id, secrets);
    try {
      const subject = `connection:${before.id}`;
      this.repo.save(after, [
        { actor: this.actor(), action: 'connection.edited', subject, details: { before: auditView(before), after: auditView(after) } },
        ...(secrets
          ? [
              {
                actor: this.actor(),
                action: 'credential.saved',
                subject,
                details: { fields: Object.keys(newSecrets).sort() },
              },
            ]
          : []),
      ]);
    } catch (error) {
      if (secrets && previousSecrets) await this.credentials.save(before.id, previousSecrets).catch(() => undefined);
      throw error;
    }
    this.clients.invalidate(before.id);
    return this.repo.toDto(after);
  }

  /**
   * Removing a connection archives it: its payouts, creators, campaigns and audit events stay readable and
   * exportable, it is no longer synced or sent through, and its secret leaves the keychain (checked first, so a
   * missing keychain leaves everything as it was).
   */
  async remove(id: string): Promise<{ archived: true }> {
    const before = this.repo.get(id);
    if (!before) throw notFound('The connection');
    if (before.archivedAt) throw new AppError('CONFLICT', `"${before.label}" is already archived.`);
    if (!before.isDemo) {
      const status = await this.credentials.status();
      if (!status.available) throw new AppError('KEYCHAIN_UNAVAILABLE', status.message ?? 'The system keychain is not available.');
    }
    const subject = `connection:${id}`;
    const counts = this.repo.purgeCounts(id);
    this.repo.archive(id, new Date().toISOString(), [
      { actor: this.actor(), action: 'connection.archived', subject, details: { before: auditView(before), kept: counts } },
      ...(before.isDemo ? [] : [{ actor: this.actor(), action: 'credential.removed', subject, details: {} }]),
    ]);
    this.clients.invalidate(id);
    if (!before.isDemo) await this.credentials.remove(id);
    return { archived: true };
  }

  /** What deleting an archived connection's cached data for good would delete, or why it may not. */
  purgePreview(id: string): PurgePreview {
    const connection = this.repo.get(id);
    if (!connection) throw notFound('The connection');
    const counts = this.repo.purgeCounts(id);
    const refusal = !connection.archivedAt
      ? "Remove (archive) the connection first; only an archived connection's cached data can be deleted."
      : counts.sentByPaydesk > 0
        ? `Paydesk sent ${counts.sentByPaydesk} payout${counts.sentByPaydesk === 1 ? '' : 's'} through "${connection.label}": that history is never deleted. The archived connection stays readable.`
        : null;
    return { connectionId: id, ...counts, refusal };
  }

  /** Deletes an archived connection's cached data for good, after purgePreview said it may. */
  purge(id: string): PurgePreview {
    const preview = this.purgePreview(id);
    if (preview.refusal) throw new AppError('CONFLICT', preview.refusal);
    const before = this.repo.get(id)!;
    this.repo.purge(id, (counts) => [
      {
        actor: this.actor(),
        action: 'connection.purged',
        subject: `connection:${id}`,
        details: { before: auditView(before), deleted: counts },
      },
    ]);
    return preview;
  }

  async test(id: string): Promise<ConnectionTestResult> {
    if (!this.repo.get(id)) throw notFound('The connection');
    try {
      const client = await this.clients.clientFor(id);
      const description = await client.testConnection();
      return { ok: true, message: `Connected: ${description}` };
    } catch (error) {
      if (error instanceof ProviderError || error instanceof AppError) return { ok: false, message: error.message };
      throw error;
    }
  }
}
