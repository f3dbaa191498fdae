import type { ComponentType } from 'react';
import {
  IconAddressBook,
  IconAlertCircle,
  IconCash,
  IconChecklist,
  IconLayoutDashboard,
  IconListDetails,
  IconPlugConnected,
  IconSettings,
  IconSpeakerphone,
} from '@tabler/icons-react';
import type { NavScreenId } from '../stores/navigationStore';
import { OverviewScreen } from './overview/OverviewScreen';
import { PayoutsScreen } from './payouts/PayoutsScreen';
import { ApprovalsScreen } from './approvals/ApprovalsScreen';
import { AttentionNavBadge, AttentionScreen, useAttentionList } from './attention/AttentionScreen';
import { CreatorsScreen } from './creators/CreatorsScreen';
import { CampaignsScreen } from './campaigns/CampaignsScreen';
import { ConnectionsScreen } from './connections/ConnectionsScreen';
import { AuditScreen } from './audit/AuditScreen';
import { SettingsScreen } from './settings/SettingsScreen';

export interface ScreenDefinition {
  id: NavScreenId;
  label: string;
  icon: ComponentType<{ size?: number; stroke?: number }>;
  Component: ComponentType;
  /** Shown after the label in the navbar (e.g. how many payouts need attention). */
  Badge?: ComponentType;
}

function AttentionCount() {
  // The same answer as the Attention screen's: one cached request serves both. The badge is a hint; the screen shows errors.
  const items = useAttentionList().data;
  return <AttentionNavBadge count={items ? new Set(items.map((i) => i.payout.id)).size : null} />;
}

/** Navbar order; the position (1-based) is also the Alt+<n> shortcut. */
export const screens: ScreenDefinition[] = [
  { id: 'overview', label: 'Overview', icon: IconLayoutDashboard, Component: OverviewScreen },
  { id: 'payouts', label: 'Payouts', icon: IconCash, Component: PayoutsScreen },
  { id: 'approvals', label: 'Approvals', icon: IconChecklist, Component: ApprovalsScreen },
  { id: 'attention', label: 'Attention', icon: IconAlertCircle, Component: AttentionScreen, Badge: AttentionCount },
  { id: 'creators', label: 'Creators', icon: IconAddressBook, Component: CreatorsScreen },
  { id: 'campaigns', label: 'Campaigns', icon: IconSpeakerphone, Component: CampaignsScreen },
  { id: 'connections', label: 'Connections', icon: IconPlugConnected, Component: ConnectionsScreen },
  { id: 'audit', label: 'Audit log', icon: IconListDetails, Component: AuditScreen },
  { id: 'settings', label: 'Settings', icon: IconSettings, Component: SettingsScreen },
];

export const shortcutFor = (index: number) => `Alt+${index + 1}`;
