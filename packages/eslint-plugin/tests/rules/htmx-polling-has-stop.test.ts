import rule from '../../src/rules/htmx-polling-has-stop.js';
import { typedRuleTester, untypedRuleTester } from '../rule-tester.js';

const component = 'src/components/job-status.tsx';
const jsx = { parserOptions: { ecmaFeatures: { jsx: true } } };

untypedRuleTester().run('htmx-polling-has-stop (untyped)', rule, {
  valid: [
    {
      name: 'the poller is rendered only while the job runs (ternary)',
      filename: component,
      code: `
export function JobStatus({ job }: { job: { id: string; status: string; result?: string } }) {
  return job.status === 'running' ? (
    <div id={\`job-\${job.id}\`} hx-get={\`/jobs/\${job.id}\`} hx-trigger="every 2s" hx-swap="outerHTML">Running…</div>
  ) : (
    <div id={\`job-\${job.id}\`}>{job.result}</div>
  );
}
`,
    },
    {
      name: 'the poller is rendered only while a run is pending (&&)',
      filename: component,
      code: `
export function ExportPanel({ pending, exportId }: { pending: boolean; exportId: string }) {
  return (
    <section>
      <h2>Export</h2>
      {pending && <p hx-get={\`/exports/\${exportId}\`} hx-trigger="every 3s" hx-swap="outerHTML">Preparing your file…</p>}
    </section>
  );
}
`,
    },
    {
      name: 'an early return renders the finished tile without the trigger (the fixed fixture shape)',
      filename: component,
      code: `
function isInFlight(briefing: { status: string } | null) {
  return briefing?.status === 'queued' || briefing?.status === 'running';
}

export function Tile({ plugin, briefing }: { plugin: { id: string }; briefing: { status: string } | null }) {
  if (isInFlight(briefing)) {
    return <article id={\`tile-\${plugin.id}\`} hx-get={\`/api/tiles/\${plugin.id}\`} hx-trigger="every 5s" hx-swap="outerHTML" />;
  }
  return <article id={\`tile-\${plugin.id}\`} className="tile" />;
}
`,
    },
    {
      name: 'a guard that returns null first: the server can answer with nothing once done',
      filename: component,
      code: `
export function ImportProgress({ importJob }: { importJob: { id: string; done: boolean } }) {
  if (importJob.done) return null;
  return <progress hx-get={\`/imports/\${importJob.id}/progress\`} hx-trigger="every 1s" hx-swap="outerHTML" />;
}
`,
    },
    {
      name: 'a filter on the poll, with or without a space, and the visibility filter htmx documents',
      filename: component,
      code: `
export const Polls = () => (
  <>
    <div hx-get="/queue" hx-trigger="every 2s [!window.queueDrained]" />
    <div hx-get="/deploy" hx-trigger="every 5s[isDeploying()]" />
    <div hx-get="/metrics" hx-trigger="every 30s [document.visibilityState === 'visible']" />
  </>
);
`,
    },
    {
      name: 'a trigger or a request attribute rendered only while needed',
      filename: component,
      code: `
export function Build({ build }: { build: { id: string; running: boolean } }) {
  return (
    <>
      <div hx-get={\`/builds/\${build.id}\`} hx-trigger={build.running ? 'every 2s' : undefined} hx-swap="outerHTML" />
      <div hx-get={build.running ? \`/builds/\${build.id}/log\` : undefined} hx-trigger="every 2s" hx-swap="outerHTML" />
      <div hx-get={\`/builds/\${build.id}/steps\`} hx-trigger={build.running && 'every 2s'} />
    </>
  );
}
`,
    },
    {
      name: 'triggers that do not poll',
      filename: component,
      code: `
export const Lazy = () => (
  <>
    <div hx-get="/feed" hx-trigger="load" />
    <div hx-get="/more" hx-trigger="revealed" />
    <div hx-get="/status" hx-trigger="load delay:1s" hx-swap="outerHTML" />
    <input name="q" hx-get="/search" hx-trigger="keyup changed delay:300ms" hx-target="#results" />
    <button hx-post="/everyone/notify" hx-trigger="click">Notify everyone</button>
  </>
);
`,
    },
    {
      name: 'a poll with no request on the element, and a trigger only known at run time',
      filename: component,
      code: `
export function Clock({ trigger }: { trigger: string }) {
  return (
    <>
      <span hx-trigger="every 1s" hx-on-htmx-trigger="this.textContent = new Date().toLocaleTimeString()" />
      <div hx-get="/status" hx-trigger={trigger} />
    </>
  );
}
`,
    },
    {
      name: 'a same-file component rendered only while the run is in flight',
      filename: component,
      code: `
function RunPoller({ runId }: { runId: string }) {
  return <div hx-get={\`/runs/\${runId}\`} hx-trigger="every 2s" hx-swap="outerHTML">Working…</div>;
}

export function RunCard({ run }: { run: { id: string; finishedAt?: string } }) {
  return <section className="card">{run.finishedAt ? <p>Finished at {run.finishedAt}</p> : <RunPoller runId={run.id} />}</section>;
}
`,
    },
    {
      name: 'an enclosing element re-renders itself on its own request (htmx progress-bar example)',
      filename: component,
      code: `
export function JobProgress({ percent }: { percent: number }) {
  return (
    <div hx-trigger="done" hx-get="/job" hx-swap="outerHTML" hx-target="this">
      <h3 role="status">Running</h3>
      <div hx-get="/job/progress" hx-trigger="every 600ms" hx-target="this" hx-swap="innerHTML">
        <div className="progress-bar" style={{ width: \`\${percent}%\` }} />
      </div>
    </div>
  );
}
`,
    },
    {
      name: 'a switch that renders the poller in one state only',
      filename: component,
      code: `
export function DeploymentRow({ deployment }: { deployment: { id: string; state: 'queued' | 'live' | 'failed' } }) {
  switch (deployment.state) {
    case 'queued':
      return <tr hx-get={\`/deployments/\${deployment.id}\`} hx-trigger="every 4s" hx-swap="outerHTML"><td>Queued</td></tr>;
    default:
      return <tr><td>{deployment.state}</td></tr>;
  }
}
`,
    },
    {
      name: 'Hono: the route renders the poller only while the job runs',
      filename: 'src/routes/jobs.tsx',
      code: `
/** @jsxImportSource hono/jsx */
import { Hono } from 'hono';

declare const jobs: { get(id: string): Promise<{ id: string; done: boolean; output: string } | undefined> };
const app = new Hono();

app.get('/jobs/:id', async (c) => {
  const job = await jobs.get(c.req.param('id'));
  if (!job) return c.notFound();
  if (job.done) return c.html(<pre id="job">{job.output}</pre>);
  return c.html(<pre id="job" hx-get={\`/jobs/\${job.id}\`} hx-trigger="every 2s" hx-swap="outerHTML">…</pre>);
});
`,
    },
    {
      name: 'odd JSX: member and namespaced tags, boolean and empty triggers, spread props',
      filename: component,
      code: `
declare const ui: any;
export const Odd = (props: Record<string, string>) => (
  <ui.Panel hx-get="/panel" hx-trigger>
    <svg:g hx-get="/g" hx-trigger="" />
    <div {...props} hx-trigger="every" />
    <div hx-get="/x" hx-trigger={\`\`} />
    {[1, 2].map(function (n) { return <span key={n} hx-get={\`/n/\${n}\`} hx-trigger="click" />; })}
  </ui.Panel>
);
`,
    },
    {
      name: 'a .jsx component with a filtered poll',
      filename: 'src/components/inbox.jsx',
      languageOptions: jsx,
      code: `
export function InboxCount({ count }) {
  return <span hx-get="/inbox/count" hx-trigger="every 15s [document.hasFocus()]">{count}</span>;
}
`,
    },
  ],
  invalid: [
    {
      name: 'a tile polling every five seconds whatever its state (the broken fixture shape)',
      filename: component,
      code: `
declare function getLatestBriefing(userId: string, pluginId: string): Promise<{ summary: string } | null>;

export async function Tile({ userId, plugin }: { userId: string; plugin: { id: string; name: string } }) {
  const latest = await getLatestBriefing(userId, plugin.id);
  return (
    <article
      id={\`tile-\${plugin.id}\`}
      className="glass-card plugin-tile"
      hx-get={\`/api/tiles/\${plugin.id}\`}
      hx-trigger="every 5s"
      hx-swap="outerHTML"
    >
      <h3>{plugin.name}</h3>
      {latest ? <p>{latest.summary}</p> : <p>No briefing yet</p>}
    </article>
  );
}
`,
      errors: [{ messageId: 'pollsForever', data: { trigger: 'every 5s', verb: 'get' }, line: 7, column: 5, endLine: 13, endColumn: 6 }],
    },
    {
      name: 'a poll next to another trigger, from a same-file const, and from a template',
      filename: component,
      code: `
const REFRESH = 'every 10s';

export function Widgets({ seconds }: { seconds: number }) {
  return (
    <>
      <ul hx-get="/notifications" hx-trigger="load, every 30s" />
      <div hx-get="/queue-depth" hx-trigger={REFRESH} />
      <div hx-get="/uptime" hx-trigger={\`every \${seconds}s\`} />
    </>
  );
}
`,
      errors: [
        { messageId: 'pollsForever', data: { trigger: 'every 30s', verb: 'get' }, line: 7, column: 7 },
        { messageId: 'pollsForever', data: { trigger: 'every 10s', verb: 'get' }, line: 8, column: 7 },
        { messageId: 'pollsForever', data: { trigger: 'every ${seconds}s', verb: 'get' }, line: 9, column: 7 },
      ],
    },
    {
      name: 'a choice between two polls still polls on every path',
      filename: component,
      code: `
export const Feed = ({ live }: { live: boolean }) => <div hx-get="/feed" hx-trigger={live ? 'every 1s' : 'every 60s'} hx-swap="innerHTML" />;
`,
      errors: [{ messageId: 'pollsForever', data: { trigger: 'every 1s', verb: 'get' }, line: 2, column: 54 }],
    },
    {
      name: 'one poller per row, rendered for every row',
      filename: component,
      code: `
export function Uploads({ uploads }: { uploads: { id: string; name: string }[] }) {
  return (
    <ul>
      {uploads.map((upload) => (
        <li key={upload.id} hx-get={\`/uploads/\${upload.id}\`} hx-trigger="every 2s" hx-swap="outerHTML">
          {upload.name}
        </li>
      ))}
    </ul>
  );
}
`,
      errors: [{ messageId: 'pollsForever', data: { trigger: 'every 2s', verb: 'get' }, line: 6, column: 9 }],
    },
    {
      name: 'a same-file component rendered unconditionally, and a not-found early return (no markup without the poll)',
      filename: 'src/routes/status.tsx',
      code: `
/** @jsxImportSource hono/jsx */
import { Hono } from 'hono';

declare const jobs: { get(id: string): Promise<{ id: string; log: string } | undefined> };
const app = new Hono();

function LogTail({ jobId, log }: { jobId: string; log: string }) {
  return <pre data-hx-get={\`/jobs/\${jobId}/log\`} data-hx-trigger="every 2s" data-hx-swap="outerHTML">{log}</pre>;
}

app.get('/jobs/:id/log', async (c) => {
  const job = await jobs.get(c.req.param('id'));
  if (!job) return c.notFound();
  return c.html(<LogTail jobId={job.id} log={job.log} />);
});
`,
      errors: [{ messageId: 'pollsForever', data: { trigger: 'every 2s', verb: 'get' }, line: 9, column: 10 }],
    },
    {
      name: 'an enclosing request that only appends does not replace the poller',
      filename: component,
      code: `
export function Chat({ roomId }: { roomId: string }) {
  return (
    <section hx-post={\`/rooms/\${roomId}/messages\`} hx-trigger="submit" hx-swap="beforeend" hx-target="this">
      <div hx-get={\`/rooms/\${roomId}/presence\`} hx-trigger="every 10s" hx-swap="innerHTML" />
    </section>
  );
}
`,
      errors: [{ messageId: 'pollsForever', data: { trigger: 'every 10s', verb: 'get' }, line: 5, column: 7 }],
    },
    {
      name: 'a .jsx component',
      filename: 'src/components/health.jsx',
      languageOptions: jsx,
      code: `
export function HealthBadge() {
  return <span hx-post="/health/ping" hx-trigger="every 5s">…</span>;
}
`,
      errors: [{ messageId: 'pollsForever', data: { trigger: 'every 5s', verb: 'post' }, line: 3, column: 10 }],
    },
  ],
});

typedRuleTester().run('htmx-polling-has-stop (typed)', rule, {
  valid: [
    {
      name: 'React: the poller is rendered while the export is being built',
      filename: 'react.tsx',
      code: `
export function ExportStatus({ exportId, ready }: { exportId: string; ready: boolean }) {
  if (ready) return <a href={\`/exports/\${exportId}.csv\`}>Download</a>;
  return <p hx-get={\`/exports/\${exportId}\`} hx-trigger="every 3s" hx-swap="outerHTML">Building your export…</p>;
}
`,
    },
    {
      name: 'React: the poll is filtered',
      filename: 'react.tsx',
      code: `
export const Presence = ({ roomId }: { roomId: string }) => (
  <div hx-get={\`/rooms/\${roomId}/presence\`} hx-trigger="every 10s [document.visibilityState === 'visible']" />
);
`,
    },
  ],
  invalid: [
    {
      name: 'React: a status line polling forever',
      filename: 'react.tsx',
      code: `
export function QueueDepth({ queue }: { queue: string }) {
  return (
    <p className="queue-depth" hx-get={\`/queues/\${queue}/depth\`} hx-trigger="every 5s" hx-swap="outerHTML">
      …
    </p>
  );
}
`,
      errors: [{ messageId: 'pollsForever', data: { trigger: 'every 5s', verb: 'get' }, line: 4, column: 5 }],
    },
  ],
});
