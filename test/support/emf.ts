/**
 * CloudWatch's embedded metric format, checked as its specification states it
 * (docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html):
 * the root holds `_aws` with a Timestamp (milliseconds since the epoch) and CloudWatchMetrics, an
 * array of metric directives {Namespace, Dimensions: DimensionSet[], Metrics: MetricDefinition[]};
 * every dimension and metric a directive names is a member of the root, a dimension's value a
 * string, a metric's a number or an array of up to 100 numbers.
 */
const UNITS = new Set([
  ...['Seconds', 'Microseconds', 'Milliseconds', 'Bytes', 'Kilobytes', 'Megabytes', 'Gigabytes', 'Terabytes'],
  ...['Bits', 'Kilobits', 'Megabits', 'Gigabits', 'Terabits', 'Percent', 'Count', 'Bytes/Second'],
  ...['Kilobytes/Second', 'Megabytes/Second', 'Gigabytes/Second', 'Terabytes/Second', 'Bits/Second'],
  ...['Kilobits/Second', 'Megabits/Second', 'Gigabits/Second', 'Terabits/Second', 'Count/Second', 'None'],
]);

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isName = (value: unknown) => typeof value === 'string' && value.length >= 1 && value.length <= 255;

/** What is wrong with `document` as an EMF document; empty when nothing is. */
export function emfErrors(document: unknown): string[] {
  const errors: string[] = [];
  if (!isObject(document) || !isObject(document._aws)) return ['no _aws metadata object at the root'];
  const { Timestamp, CloudWatchMetrics } = document._aws;
  if (typeof Timestamp !== 'number' || !Number.isInteger(Timestamp) || Timestamp < 1e12) {
    errors.push('_aws.Timestamp is not milliseconds since the epoch');
  }
  if (!Array.isArray(CloudWatchMetrics)) return [...errors, '_aws.CloudWatchMetrics is not an array'];
  for (const directive of CloudWatchMetrics) {
    if (!isObject(directive)) {
      errors.push('a metric directive is not an object');
      continue;
    }
    const { Namespace, Dimensions, Metrics } = directive;
    if (typeof Namespace !== 'string' || Namespace.length < 1 || Namespace.length > 1024) errors.push('bad Namespace');
    if (!Array.isArray(Dimensions)) errors.push('Dimensions is not an array');
    for (const set of Array.isArray(Dimensions) ? Dimensions : []) {
      if (!Array.isArray(set) || set.length > 30) errors.push('a DimensionSet is not an array of at most 30 names');
      for (const name of Array.isArray(set) ? set : []) {
        if (!isName(name)) errors.push(`dimension name ${JSON.stringify(name)}`);
        const value = document[name as string];
        if (typeof value !== 'string' || value.length < 1 || value.length > 1024) {
          errors.push(`dimension ${String(name)} has no string value at the root`);
        }
      }
    }
    if (!Array.isArray(Metrics) || Metrics.length > 100) {
      errors.push('Metrics is not an array of at most 100 definitions');
      continue;
    }
    for (const metric of Metrics) {
      if (!isObject(metric) || !isName(metric.Name)) {
        errors.push(`metric definition ${JSON.stringify(metric)}`);
        continue;
      }
      if (metric.Unit !== undefined && !UNITS.has(metric.Unit as string)) errors.push(`unit ${String(metric.Unit)}`);
      if (metric.StorageResolution !== undefined && ![1, 60].includes(metric.StorageResolution as number)) {
        errors.push(`storage resolution of ${metric.Name}`);
      }
      const value = document[metric.Name as string];
      const numbers = Array.isArray(value) ? value : [value];
      if (
        numbers.length < 1 ||
        numbers.length > 100 ||
        numbers.some((v) => typeof v !== 'number' || !Number.isFinite(v))
      ) {
        errors.push(`metric ${metric.Name} has no number (or array of up to 100 numbers) at the root`);
      }
    }
  }
  return errors;
}

/** The metric names a document declares, with their units. */
export function metricsOf(document: Json): Record<string, string | undefined> {
  const directives = (document._aws as { CloudWatchMetrics: { Metrics: { Name: string; Unit?: string }[] }[] })
    .CloudWatchMetrics;
  return Object.fromEntries(directives.flatMap((d) => d.Metrics.map((m) => [m.Name, m.Unit])));
}

/** The dimension names a document declares. */
export function dimensionsOf(document: Json): string[] {
  const directives = (document._aws as { CloudWatchMetrics: { Dimensions: string[][] }[] }).CloudWatchMetrics;
  return [...new Set(directives.flatMap((d) => d.Dimensions.flat()))].sort();
}
