import type { EndpointRowFragment, EndpointTrafficFragment } from '../generated/graphql';
import { TimeText } from './time-text';

const percent = (rate: number | null | undefined) => (rate === null || rate === undefined ? '—' : `${(rate * 100).toFixed(rate === 1 ? 0 : 1)} %`);
const ms = (value: number | null | undefined) => (value === null || value === undefined ? '—' : `${value} ms`);

/** Attempts, success rate and latency over the last hour and day, and the last error. */
export function EndpointHealth({ endpoint }: { endpoint: EndpointRowFragment }) {
  const { health } = endpoint;
  const rows: Array<[string, EndpointTrafficFragment]> = [
    ['Last hour', health.lastHour],
    ['Last day', health.lastDay],
  ];
  return (
    <div className="endpoint-health">
      <table className="health-table">
        <caption className="visually-hidden">Health of {endpoint.origin}</caption>
        <thead>
          <tr>
            <th scope="col">Span</th>
            <th scope="col">Attempts</th>
            <th scope="col">Success rate</th>
            <th scope="col">Latency p50</th>
            <th scope="col">Latency p95</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(([span, traffic]) => (
            <tr key={span} data-span={span}>
              <th scope="row" data-label="Span">
                {span}
              </th>
              <td data-label="Attempts">
                {traffic.attempts}
                {traffic.attempts > 0 && <span className="muted"> ({traffic.successes} ok)</span>}
              </td>
              <td data-label="Success rate">{percent(traffic.successRate)}</td>
              <td data-label="Latency p50">{ms(traffic.latencyP50Ms)}</td>
              <td data-label="Latency p95">{ms(traffic.latencyP95Ms)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="endpoint-last-error">
        <span className="muted">Last error: </span>
        {health.lastError ? (
          <>
            <span className="log-error">{health.lastError}</span> <span className="muted">at</span> <TimeText iso={health.lastErrorAt} />
          </>
        ) : (
          <span className="muted">none</span>
        )}
      </p>
    </div>
  );
}
