import { useEffect, useState } from 'react';
import { Progress, Stack, Text } from '@mantine/core';
import type { EventPayloads } from '@shared/contract';
import type { ProgressTask } from '@shared/contract/names';
import { on } from '../api/client';

type Report = EventPayloads['taskProgress'];

/** The last progress main reported for this task (taskProgress events of the reader worker), or null before any. */
export function useTaskProgress(task: ProgressTask): Report | null {
  const [report, setReport] = useState<Report | null>(null);
  useEffect(() => on('taskProgress', (p) => p.task === task && setReport(p)), [task]);
  return report;
}

/**
 * "n of N" with a bar while a long read runs off main's UI thread (the payouts CSV export, audit Verify), and the
 * final count after it ended. `verb` says what was done to each item ("Checked"), `unit` what they are ("events").
 */
export function TaskProgress({ task, verb, unit }: { task: ProgressTask; verb: string; unit: string }) {
  const report = useTaskProgress(task);
  if (!report) return null;
  const { done, total, finished } = report;
  const count =
    total === null
      ? `${done.toLocaleString('en-US')} ${unit}`
      : `${done.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} ${unit}`;
  return (
    <Stack gap={2} miw={160} data-testid={`task-progress-${task}`} data-done={done} data-total={total ?? ''} data-finished={finished}>
      {!finished && (
        <Progress
          size="sm"
          value={total ? (100 * done) / total : 100}
          animated={total === null}
          striped={total === null}
          aria-label={`${verb} ${count}`}
        />
      )}
      <Text size="xs" c="dimmed">
        {finished ? `${verb} ${count}` : `${verb} ${count}…`}
      </Text>
    </Stack>
  );
}
