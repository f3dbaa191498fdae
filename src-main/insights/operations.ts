import { z } from 'zod';
import type { AuditEvent } from '../api/model';
import { none, op } from '../api/operation';
import type { CampaignSummary, CreatorPerson, Overview } from './model';

/** Contract operations of the read-only insight views; spread into api/contract.ts. */
export const insightOperations = {
  'overview.get': op(none).returns<Overview>(),
  'creators.people': op(z.object({ search: z.string().max(200).optional(), limit: z.number().int().min(1).max(1000).default(300) }).strict()).returns<CreatorPerson[]>(),
  'creators.person': op(z.object({ personKey: z.string().min(1).max(400) }).strict()).returns<CreatorPerson | null>(),
  'campaigns.summary': op(none).returns<CampaignSummary[]>(),
  'audit.forSubject': op(z.object({ subject: z.string().min(1).max(200), limit: z.number().int().min(1).max(500).default(200) }).strict()).returns<AuditEvent[]>(),
} as const;
