import { useState } from 'preact/hooks';
import { must, type Schemas } from '../api';
import { bytes, ErrorBox, RegionSelect, useAction, useSession } from '../ui';

type Plan = Schemas['MigrationPlanDto'];
type CreateMigration = Schemas['CreateMigrationDto'];

/** The selections the API offers (CreateMigrationDto), one at a time. */
const SELECTIONS = {
  sourceRegion: 'Every live backup in region',
  accountId: 'Every live backup of account id',
  backupIds: 'These backup ids (comma-separated)',
  placedIn: 'Every live backup placed in (country or subdivision code)',
  indexPrefersTarget: 'Every live backup whose index entry now puts the target first',
} as const;
type Selection = keyof typeof SELECTIONS;

function request(selection: Selection, value: string, targetRegion: string): CreateMigration {
  switch (selection) {
    case 'sourceRegion':
    case 'accountId':
    case 'placedIn':
      return { targetRegion, [selection]: value };
    case 'backupIds':
      return { targetRegion, backupIds: value.split(/[\s,]+/).filter(Boolean) };
    case 'indexPrefersTarget':
      return { targetRegion, indexPrefersTarget: true };
  }
}

function PlanPreview({ plan }: { plan: Plan }) {
  return (
    <>
      <p data-plan-summary>
        {plan.backups.length} backup(s), {plan.objects} objects, {bytes(plan.bytes)}, about{' '}
        <span data-estimated-seconds={plan.estimatedSeconds}>{plan.estimatedSeconds} s</span>.{' '}
        <small>
          {plan.estimate.listedBackups} of {plan.estimate.totalBackups} listed now; {plan.estimate.note}
        </small>
      </p>
      <table data-table="plan">
        <thead>
          <tr>
            <th>Backup</th>
            <th>From → to</th>
            <th>Objects</th>
            <th>Bytes</th>
            <th>Counted</th>
          </tr>
        </thead>
        <tbody>
          {plan.backups.map((b) => (
            <tr key={b.backupId} data-row={b.backupId} data-move={`${b.sourceRegion}>${plan.targetRegion}`}>
              <td>
                <code>{b.backupId}</code>
              </td>
              <td>
                {b.sourceRegion} → {plan.targetRegion}
              </td>
              <td data-objects={b.objects}>{b.objects}</td>
              <td>{bytes(b.bytes)}</td>
              <td>{b.basis}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

/** Choose a selection and a target, dry-run it (the typed plan), then start exactly what was planned. */
export function Planner({ regions, onStarted }: { regions: string[]; onStarted: () => void }) {
  const { client } = useSession();
  const [targetRegion, setTargetRegion] = useState(regions[0] ?? '');
  const [selection, setSelection] = useState<Selection>('sourceRegion');
  const [value, setValue] = useState('');
  const [plan, setPlan] = useState<Plan | null>(null);
  const [started, setStarted] = useState<string | null>(null);
  const action = useAction();
  const body = request(selection, value, targetRegion);
  // A plan is only good for the form it was made from.
  const edit = (change: () => void) => {
    change();
    setPlan(null);
  };
  return (
    <form
      class="planner"
      data-migration-form
      onSubmit={(event) => {
        event.preventDefault();
        setStarted(null);
        action.run(async () => {
          const result = await must(client.POST('/admin/v1/migrations', { body: { ...body, dryRun: true } }));
          if (!('dryRun' in result)) throw new Error('the hub started a migration instead of planning one');
          setPlan(result);
        });
      }}
    >
      <label>
        Selection{' '}
        <select
          name="selection"
          value={selection}
          onChange={(e) => edit(() => setSelection(e.currentTarget.value as Selection))}
        >
          {(Object.keys(SELECTIONS) as Selection[]).map((s) => (
            <option key={s} value={s}>
              {SELECTIONS[s]}
            </option>
          ))}
        </select>
      </label>
      {selection === 'sourceRegion' ? (
        <RegionSelect
          name="value"
          regions={regions}
          value={value}
          blank="choose a region"
          onChange={(region) => edit(() => setValue(region))}
        />
      ) : selection === 'indexPrefersTarget' ? null : (
        <input
          name="value"
          value={value}
          size={40}
          onInput={(e) => edit(() => setValue(e.currentTarget.value.trim()))}
        />
      )}
      <label>
        To{' '}
        <RegionSelect
          name="targetRegion"
          regions={regions}
          value={targetRegion}
          onChange={(region) => edit(() => setTargetRegion(region))}
        />
      </label>
      <button type="submit" name="plan" disabled={action.busy}>
        Dry run
      </button>
      {plan ? (
        <div class="preview" data-plan>
          <PlanPreview plan={plan} />
          <button
            type="button"
            name="start"
            disabled={action.busy || plan.backups.length === 0}
            onClick={() =>
              action.run(async () => {
                const migration = await must(client.POST('/admin/v1/migrations', { body }));
                setPlan(null);
                setStarted('id' in migration ? migration.id : null);
                onStarted();
              })
            }
          >
            Start
          </button>
        </div>
      ) : null}
      {started ? (
        <p class="notice" data-started={started}>
          Started migration <code>{started}</code>.
        </p>
      ) : null}
      <ErrorBox error={action.error} />
    </form>
  );
}
