import { z } from 'zod';
import type { AuditEvent } from './model';
import { none, op } from './operation';
import type { CampaignSummary, CreatorPerson, Overview } from './insights-model';

/** Contract operations of the read-only insight views; spread into the contract (index.ts). */
export const insightOperations = {
  'overview.get': op(none).returns<Overview>(),
  'creators.people': op(
    z.object({ search: z.string().max(200).optional(), limit: z.number().int().min(1).max(1000).default(300) }).strict(),
  ).returns<CreatorPerson[]>(),
  'creators.person': op(z.object({ personKey: z.string().min(1).max(400) }).strict()).returns<CreatorPerson | null>(),
  'campaigns.summary': op(none).returns<CampaignSummary[]>(),
  'audit.forSubject': op(
    z.object({ subject: z.string().min(1).max(200), limit: z.number().int().min(1).max(500).default(200) }).strict(),
  ).returns<AuditEvent[]>(),
} as const;
