import type { ComponentType } from 'react';
import { IconAddressBook, IconCash, IconListDetails, IconPlugConnected, IconSettings, IconSpeakerphone } from '@tabler/icons-react';
import type { NavScreenId } from '../stores/navigationStore';
import { PayoutsScreen } from './payouts/PayoutsScreen';
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
}

/** Navbar order; the position (1-based) is also the Alt+<n> shortcut. */
export const screens: ScreenDefinition[] = [
  { id: 'payouts', label: 'Payouts', icon: IconCash, Component: PayoutsScreen },
  { id: 'creators', label: 'Creators', icon: IconAddressBook, Component: CreatorsScreen },
  { id: 'campaigns', label: 'Campaigns', icon: IconSpeakerphone, Component: CampaignsScreen },
  { id: 'connections', label: 'Connections', icon: IconPlugConnected, Component: ConnectionsScreen },
  { id: 'audit', label: 'Audit log', icon: IconListDetails, Component: AuditScreen },
  { id: 'settings', label: 'Settings', icon: IconSettings, Component: SettingsScreen },
];

export const shortcutFor = (index: number) => `Alt+${index + 1}`;
