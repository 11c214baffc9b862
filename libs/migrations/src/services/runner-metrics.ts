import { METRICS } from '@landfall/common';

/** The migration runner's counters. */
export const countCopied = METRICS.counter(
  'landfall_migration_objects_copied_total',
  'Objects a migration copied (checkpointed as copied), by target region and copy method',
  ['region', 'method'],
);
export const countCopiedBytes = METRICS.counter(
  'landfall_migration_bytes_copied_total',
  'Bytes of the objects a migration copied, by target region and copy method',
  ['region', 'method'],
);
export const countFailure = METRICS.counter(
  'landfall_migration_attempt_failures_total',
  'Migration attempts that failed, by target region and outcome (retrying, or gave_up: the item failed)',
  ['region', 'outcome'],
);
