import type { SecretDetector } from '../../types.js';
import { BUGSNAG_DETECTORS } from './bugsnag.js';
import { DATADOG_DETECTORS } from './datadog.js';
import { DYNATRACE_DETECTORS } from './dynatrace.js';
import { GRAFANA_DETECTORS } from './grafana.js';
import { HONEYCOMB_DETECTORS } from './honeycomb.js';
import { LIGHTSTEP_DETECTORS } from './lightstep.js';
import { NEW_RELIC_DETECTORS } from './newrelic.js';
import { OPSGENIE_DETECTORS } from './opsgenie.js';
import { PAGERDUTY_DETECTORS } from './pagerduty.js';
import { ROLLBAR_DETECTORS } from './rollbar.js';
import { SPLUNK_DETECTORS } from './splunk.js';
import { SUMOLOGIC_DETECTORS } from './sumologic.js';

/** Observability, alerting and error-tracking secrets. */
export const DETECTORS: SecretDetector[] = [
  ...DATADOG_DETECTORS,
  ...NEW_RELIC_DETECTORS,
  ...GRAFANA_DETECTORS,
  ...DYNATRACE_DETECTORS,
  ...HONEYCOMB_DETECTORS,
  ...PAGERDUTY_DETECTORS,
  ...SPLUNK_DETECTORS,
  ...SUMOLOGIC_DETECTORS,
  ...LIGHTSTEP_DETECTORS,
  ...ROLLBAR_DETECTORS,
  ...BUGSNAG_DETECTORS,
  ...OPSGENIE_DETECTORS,
];
