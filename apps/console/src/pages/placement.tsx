import { useState } from 'preact/hooks';
import { must, type Schemas } from '../api';
import { Pager, usePagedList } from '../lists';
import { ErrorBox, Section, useAction, useCan, useLoad, useSession } from '../ui';

function Explain() {
  const { client } = useSession();
  const [ip, setIp] = useState('');
  const [decision, setDecision] = useState<Schemas['PlacementDecisionDto'] | null>(null);
  const action = useAction();
  return (
    <Section title="Explain an IP">
      <form
        data-explain-form
        onSubmit={(event) => {
          event.preventDefault();
          action.run(async () =>
            setDecision(await must(client.GET('/admin/v1/placement/explain', { params: { query: { ip } } }))),
          );
        }}
      >
        <input
          name="ip"
          value={ip}
          placeholder="81.2.69.142"
          onInput={(e) => setIp(e.currentTarget.value.trim())}
        />
        <button type="submit" disabled={!ip || action.busy}>
          Explain
        </button>
      </form>
      <ErrorBox error={action.error} />
      {decision ? (
        <div class="details" data-decision={decision.region}>
          <p>
            <strong>{decision.region}</strong> by <code>{decision.signal}</code> ({decision.confidence}) ·{' '}
            {decision.countryCode ?? '??'} {decision.subdivisionCode ?? ''} · candidates{' '}
            {decision.candidates.join(' › ')}
          </p>
          {decision.override ? (
            <p>
              Override on {decision.override.scope}: {decision.override.reason}
            </p>
          ) : null}
          {decision.measured ? <p>Measured: {decision.measured.summary}</p> : null}
          <ol>
            {decision.reasons.map((reason, i) => (
              <li key={i}>{reason}</li>
            ))}
          </ol>
        </div>
      ) : null}
    </Section>
  );
}

function Suggestions() {
  const { client } = useSession();
  const canWrite = useCan('placement:write');
  const list = usePagedList('/admin/v1/placement/suggestions');
  const suggestions = list.page;
  const rows = suggestions.error ? null : (suggestions.data?.body.items ?? null);
  const action = useAction();
  const decide = (scope: string, verdict: 'accept' | 'dismiss') =>
    action.run(async () => {
      if (verdict === 'accept')
        await must(
          client.POST('/admin/v1/placement/suggestions/{scope}/accept', { params: { path: { scope } } }),
        );
      else
        await must(
          client.POST('/admin/v1/placement/suggestions/{scope}/dismiss', { params: { path: { scope } } }),
        );
      suggestions.reload();
    });
  return (
    <Section title="Measured suggestions">
      <ErrorBox error={suggestions.error ?? action.error} />
      {rows && rows.length === 0 && list.pageNumber === 1 ? (
        <p>No suggestions: measurements agree with the index.</p>
      ) : null}
      <table data-table="suggestions">
        <tbody>
          {(rows ?? []).map((s) => (
            <tr key={s.scope} data-row={s.scope}>
              <td>
                {s.name} <code>{s.scope}</code>
              </td>
              <td>
                {s.current} ({s.currentMs} ms) → <strong>{s.suggested}</strong> ({s.suggestedMs} ms), saves{' '}
                {s.savedMs} ms
              </td>
              <td>
                <small>{s.evidence}</small>
              </td>
              {canWrite ? (
                <td>
                  <button type="button" data-accept={s.scope} onClick={() => decide(s.scope, 'accept')}>
                    Accept
                  </button>{' '}
                  <button type="button" data-dismiss={s.scope} onClick={() => decide(s.scope, 'dismiss')}>
                    Dismiss
                  </button>
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
      <Pager name="suggestions" list={list} />
    </Section>
  );
}

function share(value: number | null): string {
  return value === null ? '—' : `${Math.round(value * 100)}%`;
}

function Accuracy() {
  const { client } = useSession();
  const accuracy = useLoad(() => must(client.GET('/admin/v1/placement/accuracy')), []);
  const a = accuracy.data;
  return (
    <Section title="Placement accuracy (measured)">
      <ErrorBox error={accuracy.error} />
      {a ? (
        <div data-accuracy>
          <p>
            Last {a.windowDays} days: {a.nearBest} of {a.placements} measured placements near the best region
            ({share(a.nearBestShare)}); mean excess{' '}
            {a.meanExcessMs === null ? '—' : `${a.meanExcessMs.toFixed(1)} ms`}; {a.unmeasured} appliance(s)
            placed in a region they never measured.
          </p>
          <table data-table="accuracy">
            <tbody>
              {a.byRegion.map((r) => (
                <tr key={r.region} data-row={r.region}>
                  <td>
                    <code>{r.region}</code>
                  </td>
                  <td>
                    {r.nearBest}/{r.placements} near best ({share(r.nearBestShare)})
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </Section>
  );
}

export function PlacementPage() {
  return (
    <div>
      <Explain />
      <Accuracy />
      <Suggestions />
    </div>
  );
}
