import { z } from 'zod';
import type { AuditEvent } from './model';
import { boundedText, idText, rowLimit } from './fields';
import { none, op } from './operation';
import type { CampaignSummary, CreatorPerson, Overview } from './insights-model';

/** Contract operations of the read-only insight views; spread into the contract (index.ts). */
export const insightOperations = {
  'overview.get': op(none).reads<Overview>(),
  'creators.people': op(z.object({ search: boundedText(200, 'the search').optional(), limit: rowLimit(1000, 300) }).strict()).reads<
    CreatorPerson[]
  >(),
  'creators.person': op(z.object({ personKey: idText('the person', 400) }).strict()).reads<CreatorPerson | null>(),
  'campaigns.summary': op(none).reads<CampaignSummary[]>(),
  'audit.forSubject': op(
    z.object({ subject: idText('the subject', 200), limit: rowLimit(500, 200), trail: z.enum(['team', 'desktop']).optional() }).strict(),
  ).reads<AuditEvent[]>(),
} as const;
