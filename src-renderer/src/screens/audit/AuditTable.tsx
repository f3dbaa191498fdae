import { Fragment, useState } from 'react';
import { ActionIcon, Code, Stack, Table, Text } from '@mantine/core';
import { IconChevronDown, IconChevronRight } from '@tabler/icons-react';
import type { AuditEvent } from '@shared/contract';
import tableClasses from '../../components/table.module.css';
import { formatDateTimeSeconds } from '../../lib/time';
import auditClasses from './AuditScreen.module.css';

const classes = { ...tableClasses, ...auditClasses };

/** Column titles and widths; the first column only holds the expand buttons. */
const headers: Array<[string, number | undefined]> = [
  ['Expand', 36],
  ['Seq', 70],
  ['Time', 170],
  ['Actor', 170],
  ['Action', 200],
  ['Subject', 200],
  ['Details', undefined],
];

/** Events newest first; a row expands to its full details and hash chain links. */
export function AuditTable({ events }: { events: AuditEvent[] }) {
  const [expanded, setExpanded] = useState<Set<number>>(new Set());
  const toggle = (seq: number) =>
    setExpanded((current) => {
      const next = new Set(current);
      if (next.has(seq)) next.delete(seq);
      else next.add(seq);
      return next;
    });
  return (
    <Table.ScrollContainer minWidth={900}>
      <Table highlightOnHover verticalSpacing={6} layout="fixed" aria-label="Audit events" data-testid="audit-table">
        <Table.Thead>
          <Table.Tr>
            {headers.map(([label, width]) => (
              <Table.Th key={label} w={width}>
                {label === 'Expand' ? <span className={classes.srOnly}>Expand</span> : label}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {events.map((e) => {
            const open = expanded.has(e.seq);
            return (
              <Fragment key={e.seq}>
                <Table.Tr
                  className={classes.row}
                  data-testid="audit-row"
                  data-seq={e.seq}
                  tabIndex={0}
                  aria-expanded={open}
                  onClick={() => toggle(e.seq)}
                  onKeyDown={(ev) => {
                    if (ev.target === ev.currentTarget && (ev.key === 'Enter' || ev.key === ' ')) {
                      ev.preventDefault();
                      toggle(e.seq);
                    }
                  }}
                >
                  <Table.Td>
                    <ActionIcon
                      variant="subtle"
                      size="sm"
                      aria-label={open ? `Hide details of event ${e.seq}` : `Show details of event ${e.seq}`}
                      tabIndex={-1}
                      onClick={(ev) => {
                        ev.stopPropagation();
                        toggle(e.seq);
                      }}
                    >
                      {open ? <IconChevronDown size={14} /> : <IconChevronRight size={14} />}
                    </ActionIcon>
                  </Table.Td>
                  <Table.Td>{e.seq}</Table.Td>
                  <Table.Td className={classes.nowrap}>{formatDateTimeSeconds(e.at)}</Table.Td>
                  <Table.Td data-testid="audit-actor">
                    <Text size="sm" truncate="end" title={actorTitle(e)}>
                      {e.actor}
                    </Text>
                    {(e.osUser || e.host) && (
                      <Text size="xs" c="dimmed" truncate="end" title={actorTitle(e)} data-testid="audit-actor-machine">
                        {[e.osUser, e.host].filter(Boolean).join('@')}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" ff="monospace" truncate="end" title={e.action}>
                      {e.action}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" truncate="end" title={e.subject}>
                      {e.subject}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="xs" ff="monospace" truncate="end" c="dimmed">
                      {JSON.stringify(e.details)}
                    </Text>
                  </Table.Td>
                </Table.Tr>
                {open && (
                  <Table.Tr data-testid="audit-row-details">
                    <Table.Td />
                    <Table.Td colSpan={6}>
                      <Stack gap={6}>
                        <Code block className={classes.json}>
                          {JSON.stringify(e.details, null, 2)}
                        </Code>
                        <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
                          {actorTitle(e)}
                        </Text>
                        <Text size="xs" c="dimmed" ff="monospace" style={{ overflowWrap: 'anywhere' }}>
                          prev {e.prevHash}
                          <br />
                          hash {e.hash}
                          {e.mac && (
                            <>
                              <br />
                              mac {e.mac}
                            </>
                          )}
                        </Text>
                      </Stack>
                    </Table.Td>
                  </Table.Tr>
                )}
              </Fragment>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** "Bob (operator 1b2c…), OS user bob on desk-3": who acted, by stable id, and from which machine. */
function actorTitle(e: AuditEvent): string {
  const who = e.actorId ? `${e.actor} (operator ${e.actorId})` : e.actor;
  const where = [e.osUser ? `OS user ${e.osUser}` : null, e.host ? `on ${e.host}` : null].filter(Boolean).join(' ');
  return where ? `${who}, ${where}` : who;
}
