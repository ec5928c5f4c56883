/**
 * Where the service's CPU went, per benchmark phase: reads a V8 `.cpuprofile` (written by
 * `node --cpu-prof`) and sums samples inside each phase's time window. Sample times are
 * monotonic microseconds, the clock the harness marks its phases with.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
export interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface TimeWindow {
  name: string;
  startUs: number;
  endUs: number;
}

export interface Cost {
  name: string;
  ms: number;
  /** Share of the window's busy (non-idle) time. */
  percent: number;
}

export interface WindowSummary {
  name: string;
  wallMs: number;
  /** Sampled time that was not idle: roughly the CPU the main thread used. */
  busyMs: number;
  /** Self time by function. */
  functions: Cost[];
  /** Self time by the package (node_modules) or own file responsible: Node internals and natives count for their caller. */
  modules: Cost[];
  /** Inclusive time of our own functions (src/): what each entry point costs with everything it calls. */
  ownInclusive: Cost[];
}

/** Monotonic microseconds: the clock of V8 CPU profiles, shared by every process on the machine. */
export const profileClockUs = (): number => Number(process.hrtime.bigint() / 1000n);

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** A readable location: relative to the project, or a package name and path. */
export function placeOf(url: string): string {
  if (!url) return '';
  const file = url.startsWith('file://') ? fileURLToPath(url) : url;
  const inModules = file.lastIndexOf('node_modules/');
  if (inModules >= 0) return file.slice(inModules);
  return file.startsWith(ROOT) ? file.slice(ROOT.length) : file;
}

/** The module a location belongs to: a package, a Node internal area, or a project file. */
export function moduleOf(url: string, functionName: string): string {
  const place = placeOf(url);
  if (!place) return functionName || '(native)';
  const pkg = /^node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(place);
  if (pkg) return pkg[1];
  const internal = /^node:internal\/([^/]+)/.exec(place);
  if (internal) return `node:internal/${internal[1].replace(/\.js$/, '')}`;
  return place;
}

export async function readProfile(file: string): Promise<CpuProfile> {
  return JSON.parse(await readFile(file, 'utf8')) as CpuProfile;
}

export function summariseWindows(profile: CpuProfile, windows: TimeWindow[], top = 15): WindowSummary[] {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const ancestors = function* (id: number): Generator<ProfileNode> {
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) yield byId.get(at)!;
  };
  // Transpiled TypeScript has no useful line numbers in the profile: name the file only.
  const describe = (node: ProfileNode) => {
    const { functionName, url, lineNumber } = node.callFrame;
    const place = placeOf(url);
    if (!place) return functionName || '(native)';
    return `${functionName || '(anonymous)'} ${place}${place.endsWith('.ts') ? '' : `:${lineNumber + 1}`}`;
  };
  const isUserland = (node: ProfileNode) => {
    const place = placeOf(node.callFrame.url);
    return place !== '' && !place.startsWith('node:');
  };
  // Native leaves (socket writes, hashing…) say little alone: name the JavaScript that called them.
  const functionKey = (leaf: ProfileNode) => {
    if (leaf.callFrame.url || leaf.callFrame.functionName.startsWith('(')) return describe(leaf);
    const name = leaf.callFrame.functionName ? `${leaf.callFrame.functionName} (native)` : '(native code)';
    for (const node of ancestors(leaf.id)) if (isUserland(node)) return `${name} ← ${describe(node)}`;
    return name;
  };
  // Time in Node internals and natives is charged to the package or file that asked for it.
  const responsibleModule = (leaf: ProfileNode) => {
    if (leaf.callFrame.functionName.startsWith('(') && !leaf.callFrame.url) return leaf.callFrame.functionName;
    for (const node of ancestors(leaf.id)) if (isUserland(node)) return moduleOf(node.callFrame.url, node.callFrame.functionName);
    return moduleOf(leaf.callFrame.url, leaf.callFrame.functionName);
  };

  // Sample i lasts until sample i + 1; its time is charged to its leaf node.
  const times: number[] = [];
  let t = profile.startTime;
  for (const delta of profile.timeDeltas) times.push((t += delta));

  return windows.map((window) => {
    const self = new Map<string, number>();
    const modules = new Map<string, number>();
    const inclusive = new Map<string, number>();
    let busyUs = 0;
    for (let i = 0; i < profile.samples.length; i++) {
      if (times[i] < window.startUs || times[i] >= window.endUs) continue;
      const duration = (times[i + 1] ?? profile.endTime) - times[i];
      const leaf = byId.get(profile.samples[i])!;
      if (leaf.callFrame.functionName === '(idle)') continue;
      busyUs += duration;
      const add = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + duration);
      add(self, functionKey(leaf));
      add(modules, responsibleModule(leaf));
      const seen = new Set<string>();
      for (const node of ancestors(leaf.id)) {
        if (!placeOf(node.callFrame.url).startsWith('src/')) continue;
        const key = describe(node);
        if (seen.has(key)) continue;
        seen.add(key);
        add(inclusive, key);
      }
    }
    const ranked = (map: Map<string, number>): Cost[] =>
      [...map].sort((a, b) => b[1] - a[1]).slice(0, top).map(([name, us]) => ({ name, ms: Math.round(us / 1000), percent: busyUs ? Math.round((us / busyUs) * 1000) / 10 : 0 }));
    return {
      name: window.name,
      wallMs: Math.round((window.endUs - window.startUs) / 1000),
      busyMs: Math.round(busyUs / 1000),
      functions: ranked(self),
      modules: ranked(modules),
      ownInclusive: ranked(inclusive),
    };
  });
}

/** Markdown: one section per window with its top functions, modules and own entry points. */
export function profileMarkdown(summaries: WindowSummary[]): string {
  const table = (title: string, costs: Cost[]) =>
    [`| ${title} | ms | % of busy |`, '|---|---|---|', ...costs.map((c) => `| \`${c.name.replaceAll('|', '\\|')}\` | ${c.ms} | ${c.percent} |`)].join('\n');
  return summaries
    .map((s) => [
      `#### ${s.name}: ${s.busyMs} ms busy in ${s.wallMs} ms`,
      table('self time, by function', s.functions),
      table('self time, by responsible package or file', s.modules.slice(0, 10)),
      table('inclusive time, own code (src/)', s.ownInclusive.slice(0, 10)),
    ].join('\n\n'))
    .join('\n\n');
}
