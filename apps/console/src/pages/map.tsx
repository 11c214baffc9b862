import { useMemo, useState } from 'preact/hooks';
import { must, type Schemas } from '../api';
import { HEIGHT, pointOf, regionColours, shapes, WIDTH } from '../map/shapes';
import { ErrorBox, useAction, useCan, useLoad, useSession } from '../ui';

type MapEntry = Schemas['MapEntryDto'];
type Preview = Schemas['OverridePreviewDto'];

const UNASSIGNED = '#d9d9d9';

function AreaDetails({ entry, colours }: { entry: MapEntry; colours: Map<string, string> }) {
  return (
    <div class="details" data-details={entry.code}>
      <h3>
        {entry.name} <code>{entry.code}</code>
      </h3>
      <ol class="regions" data-ordered-regions>
        {entry.regions.map((region) => (
          <li key={region}>
            <span class="swatch" style={{ background: colours.get(region) ?? UNASSIGNED }} /> {region}
          </li>
        ))}
      </ol>
      <p>
        Decided by <strong data-source>{entry.source}</strong>: <span data-reason>{entry.reason}</span>
      </p>
      <p data-placed>
        {entry.appliances} appliance{entry.appliances === 1 ? '' : 's'} placed here ({entry.backups} live
        backup
        {entry.backups === 1 ? '' : 's'})
      </p>
    </div>
  );
}

function OverrideDraft({
  entry,
  regions,
  onApplied,
}: {
  entry: MapEntry;
  regions: string[];
  onApplied: () => void;
}) {
  const { client } = useSession();
  const [region, setRegion] = useState(regions.find((r) => r !== entry.regions[0]) ?? regions[0] ?? '');
  const [reason, setReason] = useState('');
  const [preview, setPreview] = useState<Preview | null>(null);
  const action = useAction();
  const body = { scope: entry.code, region, reason };
  return (
    <form
      class="override"
      data-override-form
      onSubmit={(event) => {
        event.preventDefault();
        action.run(async () => setPreview(await must(client.POST('/admin/v1/overrides:preview', { body }))));
      }}
    >
      <h4>Draft an override</h4>
      <label>
        First choice{' '}
        <select
          name="region"
          value={region}
          onChange={(e) => {
            setRegion(e.currentTarget.value);
            setPreview(null);
          }}
        >
          {regions.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </select>
      </label>
      <label>
        Reason{' '}
        <input
          name="reason"
          value={reason}
          maxLength={500}
          onInput={(e) => {
            setReason(e.currentTarget.value);
            setPreview(null);
          }}
        />
      </label>
      <button type="submit" name="preview" disabled={action.busy}>
        Preview
      </button>
      {preview ? (
        <div class="preview" data-preview>
          <p>
            {preview.changedEntries.length} index entr{preview.changedEntries.length === 1 ? 'y' : 'ies'}{' '}
            change; {preview.affected.backups} existing backup(s) of {preview.affected.appliances}{' '}
            appliance(s) would be placed differently (they stay where they are until migrated).
          </p>
          <ul>
            {preview.changedEntries.map((change) => (
              <li key={change.scope} data-changed-entry={change.scope}>
                <code>{change.scope}</code>: {change.before.join(' › ')} →{' '}
                <strong>{change.after.join(' › ')}</strong>
              </li>
            ))}
          </ul>
          {preview.subdivisions.covered.length > 0 ? (
            <p data-covered>
              Also applies to its subdivision entries: {preview.subdivisions.covered.join(', ')}.
            </p>
          ) : null}
          {preview.subdivisions.notCovered.length > 0 ? (
            <p class="warning" data-warning="shadowed">
              Shadowed:{' '}
              {preview.subdivisions.notCovered
                .map((s) => `${s.scope} (own override → ${s.region})`)
                .join(', ')}{' '}
              keep their own override; this one has no effect there.
            </p>
          ) : null}
          {preview.changedEntries.length === 0 ? (
            <p class="warning" data-warning>
              Nothing changes: a more specific entry or an existing override already decides here.
            </p>
          ) : null}
          <button
            type="button"
            name="apply"
            disabled={action.busy}
            onClick={() =>
              action.run(async () => {
                await must(client.POST('/admin/v1/overrides', { body }));
                // The hub rebuilds its index right after the write; wait (briefly) until the map shows it.
                for (let attempt = 0; attempt < 25; attempt += 1) {
                  const map = await must(client.GET('/admin/v1/placement/map'));
                  if (map.entries.find((e) => e.code === entry.code)?.regions[0] === region) break;
                  await new Promise((resolve) => setTimeout(resolve, 200));
                }
                setPreview(null);
                onApplied();
              })
            }
          >
            Apply override
          </button>
        </div>
      ) : null}
      <ErrorBox error={action.error} />
    </form>
  );
}

export function MapPage() {
  const { client } = useSession();
  const canWrite = useCan('placement:write');
  const map = useLoad(() => must(client.GET('/admin/v1/placement/map')), []);
  const [selected, setSelected] = useState<string | null>(null);
  const [hovered, setHovered] = useState<string | null>(null);
  const outlines = shapes();
  const data = map.data;
  const colours = useMemo(() => regionColours(data?.regions.map((r) => r.code) ?? []), [data]);
  if (!data) return map.error ? <ErrorBox error={map.error} /> : <p class="loading">Loading the index…</p>;

  const byCode = new Map(data.entries.map((e) => [e.code, e]));
  const drawnCountries = new Set(outlines.countries.map((s) => s.code).filter((c) => c && byCode.has(c)));
  const drawnStates = new Set(outlines.usStates.map((s) => s.code).filter((c) => c && byCode.has(c)));
  const markers = data.entries.filter((e) => !drawnCountries.has(e.code) && !drawnStates.has(e.code));
  const focus = byCode.get(hovered ?? selected ?? '') ?? null;
  const chosen = selected ? (byCode.get(selected) ?? null) : null;
  const activeRegions = data.regions.filter((r) => r.status === 'active').map((r) => r.code);

  const areaProps = (entry: MapEntry) => ({
    'data-index-code': entry.code,
    'data-region': entry.regions[0] ?? '',
    'data-source': entry.source,
    fill: colours.get(entry.regions[0] ?? '') ?? UNASSIGNED,
    class: `area${entry.code === selected ? ' selected' : ''}`,
    onMouseEnter: () => setHovered(entry.code),
    onMouseLeave: () => setHovered(null),
    onClick: () => setSelected(entry.code),
  });

  return (
    <div class="map-page">
      <div class="map-wrap">
        <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} class="world" role="img" aria-label="Region index map">
          <path d={outlines.sphere} class="sphere" />
          <g class="countries">
            {outlines.countries.map((shape, i) => {
              const entry = shape.code ? byCode.get(shape.code) : undefined;
              return entry ? (
                <path key={entry.code} d={shape.d} {...areaProps(entry)}>
                  <title>{`${entry.name} (${entry.code}) → ${entry.regions[0] ?? 'none'}`}</title>
                </path>
              ) : (
                <path key={`none-${i}`} d={shape.d} class="no-entry" fill={UNASSIGNED}>
                  <title>{`${shape.name}: no index entry`}</title>
                </path>
              );
            })}
          </g>
          <g class="subdivisions">
            {outlines.usStates.map((shape) => {
              const entry = shape.code ? byCode.get(shape.code) : undefined;
              return entry ? (
                <path key={entry.code} d={shape.d} {...areaProps(entry)}>
                  <title>{`${entry.name} (${entry.code}) → ${entry.regions[0] ?? 'none'}`}</title>
                </path>
              ) : null;
            })}
          </g>
          {/* Entries without an outline (other subdivisions, small islands): a marker at their centre. */}
          <g class="markers">
            {markers.map((entry, i) => {
              const at =
                entry.latitude !== null && entry.longitude !== null
                  ? pointOf(entry.latitude, entry.longitude)
                  : null;
              const [x, y] = at ?? [8 + (i % 90) * 10.5, HEIGHT - 6];
              return (
                <circle
                  key={entry.code}
                  cx={x}
                  cy={y}
                  r={entry.kind === 'subdivision' ? 3.5 : 2.5}
                  {...areaProps(entry)}
                >
                  <title>{`${entry.name} (${entry.code}) → ${entry.regions[0] ?? 'none'}`}</title>
                </circle>
              );
            })}
          </g>
          <g class="region-markers">
            {data.regions.map((region) => {
              const at = pointOf(region.latitude, region.longitude);
              if (!at) return null;
              return (
                <g
                  key={region.code}
                  data-region-marker={region.code}
                  transform={`translate(${at[0]},${at[1]})`}
                >
                  <path
                    d="M0,-8 L6,4 L-6,4 Z"
                    fill={colours.get(region.code)}
                    class={`region-marker ${region.status}`}
                  />
                  <title>{`${region.code} (${region.status})`}</title>
                </g>
              );
            })}
          </g>
        </svg>
        <ul class="legend" data-legend>
          {data.regions.map((region) => (
            <li key={region.code} data-legend-region={region.code} data-colour={colours.get(region.code)}>
              <span class="swatch" style={{ background: colours.get(region.code) }} /> {region.code}{' '}
              <small>
                {region.displayName} · {region.status} ·{' '}
                {data.entries.filter((e) => e.regions[0] === region.code).length} entries first
              </small>
            </li>
          ))}
          <li>
            <span class="swatch" style={{ background: UNASSIGNED }} /> no index entry
          </li>
        </ul>
        <p class="meta">
          {data.entries.length} index entries · generation {data.generation} · built{' '}
          {new Date(data.builtAt).toLocaleString()}
        </p>
      </div>
      <aside class="panel">
        {focus ? <AreaDetails entry={focus} colours={colours} /> : <p>Hover or click a country or marker.</p>}
        {chosen && canWrite && activeRegions.length > 0 ? (
          <OverrideDraft key={chosen.code} entry={chosen} regions={activeRegions} onApplied={map.reload} />
        ) : null}
        <ErrorBox error={map.error} />
      </aside>
    </div>
  );
}
