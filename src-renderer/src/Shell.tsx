import { useEffect } from 'react';
import {
  ActionIcon,
  AppShell,
  Burger,
  Group,
  Kbd,
  Modal,
  NavLink,
  ScrollArea,
  Table,
  Text,
  Tooltip,
  useComputedColorScheme,
  useMantineColorScheme,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconKeyboard, IconMoon, IconSun, IconWallet, IconWifiOff } from '@tabler/icons-react';
import { screens, shortcutFor } from './screens/registry';
import { WelcomeScreen } from './screens/welcome/WelcomeScreen';
import { useNavigation } from './stores/navigationStore';
import { DemoBanner } from './components/DemoBanner';
import { GlobalSyncIndicator } from './components/SyncControls';
import { OperatorBar } from './components/OperatorBar';
import { useInertBackground } from './lib/useInertBackground';
import { PayoutDetails } from './screens/payouts/details/PayoutDetails';
import { PayoutFormModal } from './screens/payouts/form/PayoutFormModal';
import { ImportCsvModal } from './screens/payouts/import/ImportCsvModal';
import { useOnline } from './lib/useOnline';
import { useActivityTouch } from './lib/activity';
import type { AppInfo, Operator } from '@shared/contract';

const offlineBannerHeight = 36;

/** The operator an empty workspace last greeted: once per sign-in, not again after every unlock. */
let greeted: string | null = null;

/** The desk itself, shown only while an operator is signed in (App.tsx decides). */
export function Shell({ info, operator }: { info: AppInfo; operator: Operator }) {
  const screen = useNavigation((s) => s.screen);
  const navigate = useNavigation((s) => s.navigate);
  const [navOpened, { toggle: toggleNav, close: closeNav }] = useDisclosure(false);
  const [helpOpened, { open: openHelp, close: closeHelp }] = useDisclosure(false);
  const online = useOnline();
  useInertBackground(helpOpened);
  useActivityTouch();

  // An empty workspace is greeted once per sign-in; after that the operator navigates freely.
  useEffect(() => {
    if (greeted === operator.id) return;
    greeted = operator.id;
    if (info.workspaceEmpty) navigate('welcome');
  }, [info.workspaceEmpty, navigate, operator.id]);

  // Alt+<n> rather than single-key chords so it never collides with typing in a field.
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (!event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
      const match = /^Digit([1-9])$/.exec(event.code);
      if (!match) return;
      const target = screens[Number(match[1]) - 1];
      if (!target) return;
      event.preventDefault();
      navigate(target.id);
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [navigate]);

  const current = screens.find((s) => s.id === screen);

  return (
    <AppShell
      header={{ height: online ? 56 : 56 + offlineBannerHeight }}
      // Narrower at the window's minimum width (960 px), so the tables keep their columns.
      navbar={{ width: { sm: 190, lg: 220 }, breakpoint: 'sm', collapsed: { mobile: !navOpened } }}
      padding="md"
    >
      <AppShell.Header>
        <Group h={56} px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={navOpened} onClick={toggleNav} hiddenFrom="sm" size="sm" aria-label="Toggle navigation" />
            <IconWallet size={22} aria-hidden />
            <Text fw={700} size="lg">
              Paydesk
            </Text>
            {info.demoWorkspace && <DemoBanner />}
          </Group>
          <Group gap="xs" wrap="nowrap">
            <GlobalSyncIndicator />
            <Tooltip label={`Keyboard shortcuts: Alt+1…${screens.length} switch screens`}>
              <ActionIcon variant="default" size="lg" onClick={openHelp} aria-label="Keyboard shortcuts">
                <IconKeyboard size={18} />
              </ActionIcon>
            </Tooltip>
            <ColorSchemeToggle />
            <OperatorBar operator={operator} />
          </Group>
        </Group>
        {!online && <OfflineBanner />}
      </AppShell.Header>

      <AppShell.Navbar p="xs" component="nav" aria-label="Main navigation">
        <AppShell.Section grow component={ScrollArea}>
          {screens.map((s, index) => {
            const Icon = s.icon;
            const active = s.id === screen;
            return (
              <Tooltip key={s.id} label={shortcutFor(index)} position="right" openDelay={500}>
                <NavLink
                  href={`#${s.id}`}
                  label={s.label}
                  leftSection={<Icon size={18} stroke={1.6} />}
                  rightSection={
                    <Group gap={6} wrap="nowrap">
                      {s.Badge && <s.Badge />}
                      {/* The shortcut is in the tooltip too; in a narrow window the label needs the room. */}
                      <Text size="xs" c="dimmed" aria-hidden visibleFrom="lg">
                        {shortcutFor(index)}
                      </Text>
                    </Group>
                  }
                  active={active}
                  aria-current={active ? 'page' : undefined}
                  aria-keyshortcuts={shortcutFor(index)}
                  onClick={(event) => {
                    // The URL fragment carries the browser host's token; navigation is app state, not the URL.
                    event.preventDefault();
                    navigate(s.id);
                    closeNav();
                  }}
                />
              </Tooltip>
            );
          })}
        </AppShell.Section>
        <AppShell.Section>
          <Text size="xs" c="dimmed" px="xs">
            {info.osUser} · v{info.version}
          </Text>
        </AppShell.Section>
      </AppShell.Navbar>

      <AppShell.Main>{screen === 'welcome' || !current ? <WelcomeScreen /> : <current.Component key={current.id} />}</AppShell.Main>

      <PayoutDetails />
      <PayoutFormModal />
      <ImportCsvModal />

      <Modal opened={helpOpened} onClose={closeHelp} title="Keyboard shortcuts">
        <Table>
          <Table.Tbody>
            {screens.map((s, index) => (
              <Table.Tr key={s.id}>
                <Table.Td>
                  <Kbd>Alt</Kbd> + <Kbd>{index + 1}</Kbd>
                </Table.Td>
                <Table.Td>{s.label}</Table.Td>
              </Table.Tr>
            ))}
            <Table.Tr>
              <Table.Td>
                <Kbd>↑</Kbd> <Kbd>↓</Kbd>
              </Table.Td>
              <Table.Td>Move between table rows</Table.Td>
            </Table.Tr>
            <Table.Tr>
              <Table.Td>
                <Kbd>Enter</Kbd>
              </Table.Td>
              <Table.Td>Open the focused payout or audit event</Table.Td>
            </Table.Tr>
            <Table.Tr>
              <Table.Td>
                <Kbd>N</Kbd>
              </Table.Td>
              <Table.Td>New payout (on the Payouts screen)</Table.Td>
            </Table.Tr>
            <Table.Tr>
              <Table.Td>
                <Kbd>Space</Kbd> / <Kbd>A</Kbd>
              </Table.Td>
              <Table.Td>Select the focused row / select all (Approvals)</Table.Td>
            </Table.Tr>
          </Table.Tbody>
        </Table>
      </Modal>
    </AppShell>
  );
}

function ColorSchemeToggle() {
  const { setColorScheme } = useMantineColorScheme();
  const computed = useComputedColorScheme('light', { getInitialValueInEffect: false });
  const next = computed === 'dark' ? 'light' : 'dark';
  return (
    <Tooltip label={next === 'dark' ? 'Dark theme' : 'Light theme'}>
      <ActionIcon variant="default" size="lg" onClick={() => setColorScheme(next)} aria-label="Toggle color scheme">
        {computed === 'dark' ? <IconSun size={18} /> : <IconMoon size={18} />}
      </ActionIcon>
    </Tooltip>
  );
}

/** Cached data stays readable offline; anything that needs a provider (sending) is switched off until the network is back. */
function OfflineBanner() {
  return (
    <Group
      h={offlineBannerHeight}
      px="md"
      gap="xs"
      wrap="nowrap"
      role="status"
      data-testid="offline-banner"
      bg="var(--mantine-color-yellow-filled)"
      c="var(--mantine-color-black)"
    >
      <IconWifiOff size={18} aria-hidden />
      <Text size="sm" fw={600}>
        Offline — showing cached data; sending is disabled
      </Text>
    </Group>
  );
}
