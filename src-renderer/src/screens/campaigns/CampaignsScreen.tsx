import { useMemo, useState } from 'react';
import { Group, SegmentedControl, Stack } from '@mantine/core';
import { IconSpeakerphone } from '@tabler/icons-react';
import { type CampaignSummary } from '@shared/contract';
import { listNames, useProviders } from '../../api/providers';
import { useApiQuery } from '../../api/queries';
import { CenteredEmptyState } from '../../components/CenteredEmptyState';
import { QueryState } from '../../components/QueryState';
import { ScreenHeader } from '../../components/ScreenHeader';
import { SearchInput } from '../../components/TextFields';
import { useNavigation } from '../../stores/navigationStore';
import { usePayoutsView } from '../../stores/payoutsViewStore';
import { CampaignTable } from './CampaignTable';

type Kind = 'all' | 'provider' | 'local';

/** What the empty list says while a search or filter is applied. */
const noMatch = { title: 'No campaigns match', hint: 'Try another name, status or kind.' };

/** Provider campaigns and local campaign tags, with paid and pending totals per currency; a campaign opens its payouts. */
export function CampaignsScreen() {
  const [search, setSearch] = useState('');
  const [kind, setKind] = useState<Kind>('all');
  const navigate = useNavigation((s) => s.navigate);
  const providers = useProviders();
  const query = useApiQuery('campaigns.summary');

  // One list of a few hundred campaigns at most; filtered here.
  const rows = useMemo(() => {
    const all = query.data ?? [];
    const needle = search.trim().toLowerCase();
    return all.filter(
      (c) =>
        (kind === 'all' || c.kind === kind) &&
        (!needle ||
          [c.name, c.status ?? '', c.connectionLabel ?? '', c.provider ? providers.name(c.provider) : ''].some((v) =>
            v.toLowerCase().includes(needle),
          )),
    );
  }, [query.data, search, kind, providers]);

  const open = (c: CampaignSummary) => {
    if (c.campaignId === null) return;
    usePayoutsView.getState().showWith({ campaign: { id: c.campaignId, label: `${c.name} · ${c.connectionLabel ?? ''}` } });
    navigate('payouts');
  };
  const filtered = search.trim() !== '' || kind !== 'all';

  return (
    <Stack gap="md">
      <ScreenHeader
        title="Campaigns"
        description={`Provider campaigns (${listNames(providers.that('listCampaigns'))}) and the local campaign tags of your drafts. A provider campaign opens its payouts.`}
      />
      <Group align="flex-end" gap="md" wrap="wrap">
        <SearchInput placeholder="Campaign, status or connection" value={search} onChange={setSearch} width={320} />
        <SegmentedControl
          value={kind}
          onChange={(v) => setKind(v as Kind)}
          data={[
            { value: 'all', label: 'All' },
            { value: 'provider', label: 'Provider campaigns' },
            { value: 'local', label: 'Local tags' },
          ]}
          aria-label="Kind"
        />
      </Group>
      <QueryState
        query={{ ...query, data: query.data && rows }}
        what="campaigns"
        empty={
          <CenteredEmptyState icon={IconSpeakerphone} testId="campaigns-empty" title="No campaigns yet" noMatch={filtered ? noMatch : null}>
            Provider campaigns appear after a {listNames(providers.that('listCampaigns'), 'or')} connection has synced; local campaign tags
            when a payout is drafted with one.
          </CenteredEmptyState>
        }
      >
        {(list) => <CampaignTable campaigns={list} onOpen={open} />}
      </QueryState>
    </Stack>
  );
}
