// The end-of-test summary: a plain-text report on stdout and in <name>-summary.txt, and k6's whole
// summary data as JSON in <name>-summary.json, both under SUMMARY_DIR. Rendered here rather than with
// jslib's textSummary so a run needs no network (k6 fetches https:// imports when it starts).
import { target } from './config.js';

function pad(text, width) {
  let result = String(text);
  while (result.length < width) {
    result += ' ';
  }

  return result;
}

function formatTime(ms) {
  if (ms === undefined || ms === null || !isFinite(ms)) {
    return '-';
  }

  return ms >= 1000 ? `${(ms / 1000).toFixed(2)}s` : `${ms.toFixed(2)}ms`;
}

function formatValue(metric, value) {
  if (metric.type === 'rate') {
    return `${(value * 100).toFixed(2)}%`;
  }

  return metric.contains === 'time' ? formatTime(value) : String(Math.round(value * 100) / 100);
}

/** The value a threshold expression judges: 'p(95)<500' reads values['p(95)'], 'count==0' values.count. */
function judgedValue(metric, expression) {
  const aggregation = expression.split(/[<>=!]/)[0].trim();
  const value = metric.values[aggregation];
  return value === undefined ? '' : ` (${aggregation}=${formatValue(metric, value)})`;
}

function describeMetric(metric) {
  const v = metric.values;
  if (metric.type === 'trend') {
    return ['med', 'p(95)', 'p(99)', 'p(99.9)', 'max']
      .filter((stat) => v[stat] !== undefined)
      .map((stat) => `${stat === 'med' ? 'p50' : stat}=${formatValue(metric, v[stat])}`)
      .concat(v.count === undefined ? [] : [`n=${v.count}`])
      .join(' ');
  }

  if (metric.type === 'rate') {
    return `${formatValue(metric, v.rate)} (${v.passes} of ${v.passes + v.fails})`;
  }

  if (metric.type === 'counter') {
    return `${formatValue(metric, v.count)} (${(v.rate || 0).toFixed(2)}/s)`;
  }

  return formatValue(metric, v.value);
}

/** A metric's thresholds as [{ source, ok }]: k6 has given them keyed by expression, and as a list. */
function thresholdsOf(metric) {
  const thresholds = metric.thresholds || {};
  if (Array.isArray(thresholds)) {
    return thresholds;
  }

  return Object.keys(thresholds).map((source) => ({ source, ok: thresholds[source].ok }));
}

function thresholdLines(metrics) {
  const lines = [];
  Object.keys(metrics).sort().forEach((name) => {
    thresholdsOf(metrics[name]).forEach((t) => {
      lines.push(`  ${t.ok ? 'PASS' : 'FAIL'}  ${name}: ${t.source}${judgedValue(metrics[name], t.source)}`);
    });
  });
  return lines;
}

function failedChecks(group, lines) {
  (group.checks || []).filter((c) => c.fails > 0).forEach((c) =>
    lines.push(`  FAIL  ${c.name}: ${c.fails} of ${c.passes + c.fails} failed`));
  (group.groups || []).forEach((g) => failedChecks(g, lines));
  return lines;
}

const BUILT_IN_SHOWN = ['checks', 'http_req_failed', 'http_reqs', 'iterations', 'dropped_iterations', 'vus_max'];

function isShown(name) {
  return name.indexOf('http_req_duration{') === 0 || BUILT_IN_SHOWN.indexOf(name) >= 0 ||
    (name.indexOf('http_') !== 0 && name.indexOf('iteration') !== 0 && name.indexOf('data_') !== 0 &&
     name.indexOf('vus') !== 0 && name.indexOf('group_duration') !== 0 && name.indexOf('{') < 0);
}

export function textSummary(data, title) {
  const metrics = data.metrics || {};
  const seconds = data.state && data.state.testRunDurationMs ? (data.state.testRunDurationMs / 1000).toFixed(1) : '?';
  const lines = [`${title}: ${target.baseUrl}, ${seconds} s`, '', 'Thresholds'];
  const thresholds = thresholdLines(metrics);
  lines.push.apply(lines, thresholds.length > 0 ? thresholds : ['  (none)']);
  const checks = failedChecks(data.root_group || {}, []);
  if (checks.length > 0) {
    lines.push('', 'Failed checks');
    lines.push.apply(lines, checks);
  }

  lines.push('', 'Metrics');
  const names = Object.keys(metrics).filter(isShown).sort();
  const width = names.reduce((w, name) => Math.max(w, name.length), 0) + 2;
  names.forEach((name) => lines.push(`  ${pad(name, width)}${describeMetric(metrics[name])}`));
  return `${lines.join('\n')}\n`;
}

/** handleSummary for a script called `name`: text to stdout and a file, the full data as JSON beside it. */
export function summaryFiles(name, title) {
  return function handleSummary(data) {
    const text = textSummary(data, title);
    const files = { stdout: text };
    files[`${target.summaryDir}/${name}-summary.txt`] = text;
    files[`${target.summaryDir}/${name}-summary.json`] = JSON.stringify(data, null, 2);
    return files;
  };
}
