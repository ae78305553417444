import { Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { COLD_START_METRIC, MetricName } from '../src/metrics';
import type { StageSettings } from './settings';

/**
 * The skill in production: four alarms that notify an SNS topic (and app.json's `alarmEmail`), and
 * a dashboard of link states and latencies. The skill emits its metrics (src/metrics.ts) as
 * CloudWatch EMF through Powertools, in the namespace and service set on the function, per stage.
 * docs/deploy.md says why each threshold is what it is.
 */
type SkillMetric = MetricName | typeof COLD_START_METRIC;

const FIVE_MINUTES = Duration.minutes(5);

export function addMonitoring(stack: Stack, { fn, settings }: { fn: lambda.Function; settings: StageSettings }) {
  const metric = (metricName: SkillMetric, statistic = 'Sum') =>
    new cloudwatch.Metric({
      namespace: settings.metrics.namespace,
      metricName,
      dimensionsMap: { service: settings.metrics.service, stage: settings.stage },
      statistic,
      period: FIVE_MINUTES,
    });
  const topic = new sns.Topic(stack, 'AlarmTopic', { displayName: `${stack.stackName} alarms` });
  if (settings.alarmEmail) topic.addSubscription(new EmailSubscription(settings.alarmEmail));

  const alarms = [
    new cloudwatch.Alarm(stack, 'CognitoUnavailableShareAlarm', {
      alarmDescription: 'More than 5% of requests (of at least 10 in 5 minutes) found Cognito unavailable',
      metric: new cloudwatch.MathExpression({
        expression: 'IF(requests >= 10, 100 * FILL(unavailable, 0) / requests, 0)',
        usingMetrics: { requests: metric('Requests'), unavailable: metric('CognitoUnavailable') },
        label: 'Cognito unavailable (% of requests)',
        period: FIVE_MINUTES,
      }),
      threshold: 5,
      evaluationPeriods: 3,
      datapointsToAlarm: 2,
    }),
    new cloudwatch.Alarm(stack, 'GetUserFailuresAlarm', {
      alarmDescription: 'Cognito GetUser failed or was throttled 5 times or more in 5 minutes',
      metric: new cloudwatch.MathExpression({
        expression: 'FILL(errors, 0) + FILL(throttles, 0)',
        usingMetrics: { errors: metric('GetUserErrors'), throttles: metric('GetUserThrottles') },
        label: 'GetUser errors + throttles',
        period: FIVE_MINUTES,
      }),
      threshold: 5,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
    }),
    new cloudwatch.Alarm(stack, 'FunctionErrorsAlarm', {
      alarmDescription: 'The function failed (crash or timeout) 3 times or more in 5 minutes',
      metric: fn.metricErrors({ period: FIVE_MINUTES }),
      threshold: 3,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
    }),
    new cloudwatch.Alarm(stack, 'SlowAnswersAlarm', {
      alarmDescription: "p99 duration above 6 s, close to Alexa's 8 s limit, in 2 of 3 periods of 5 minutes",
      metric: fn.metricDuration({ statistic: 'p99', period: FIVE_MINUTES }),
      threshold: 6000,
      evaluationPeriods: 3,
      datapointsToAlarm: 2,
    }),
  ];
  for (const alarm of alarms) {
    alarm.addAlarmAction(new SnsAction(topic));
    alarm.addOkAction(new SnsAction(topic));
  }

  const latency = (name: SkillMetric) => [metric(name, 'p50'), metric(name, 'p99')];
  new cloudwatch.Dashboard(stack, 'Dashboard', {
    dashboardName: stack.stackName,
    widgets: [
      [
        new cloudwatch.GraphWidget({
          title: 'Link states (requests per 5 minutes)',
          left: (['Linked', 'NotLinked', 'RelinkNeeded', 'CognitoUnavailable'] as const).map((name) => metric(name)),
          stacked: true,
          width: 12,
        }),
        new cloudwatch.AlarmStatusWidget({ title: 'Alarms', alarms, width: 12 }),
      ],
      [
        new cloudwatch.GraphWidget({ title: 'GetUser latency (ms)', left: latency('GetUserLatency'), width: 12 }),
        new cloudwatch.GraphWidget({ title: 'Answer latency (ms)', left: latency('AnswerLatency'), width: 12 }),
      ],
    ],
  });
}
