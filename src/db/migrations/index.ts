import { Migration20261122074446_initial } from './Migration20261122074446_initial.js';
import { Migration20261122081449_security } from './Migration20261122081449_security.js';
import { Migration20261201120000_deployment } from './Migration20261201120000_deployment.js';
import { Migration20261201215243_schedules } from './Migration20261201215243_schedules.js';
import { Migration20261202000000_job_control } from './Migration20261202000000_job_control.js';
import { Migration20261202010000_data_at_scale } from './Migration20261202010000_data_at_scale.js';
import { Migration20261202020000_endpoints } from './Migration20261202020000_endpoints.js';
import { Migration20261202030000_firing_cost } from './Migration20261202030000_firing_cost.js';
import { Migration20261202040000_job_titles } from './Migration20261202040000_job_titles.js';
import { Migration20261202100000_members } from './Migration20261202100000_members.js';
import { Migration20261202110000_audit_log } from './Migration20261202110000_audit_log.js';
import { Migration20261202110000_trace_context } from './Migration20261202110000_trace_context.js';
import { Migration20261202120000_session_details } from './Migration20261202120000_session_details.js';
import { Migration20261202130000_occurrence_index } from './Migration20261202130000_occurrence_index.js';

/** Every migration in order; listed explicitly so they load the same under any runner. */
export const MIGRATIONS = [
  { name: 'Migration20261122074446_initial', class: Migration20261122074446_initial },
  { name: 'Migration20261122081449_security', class: Migration20261122081449_security },
  { name: 'Migration20261201120000_deployment', class: Migration20261201120000_deployment },
  { name: 'Migration20261201215243_schedules', class: Migration20261201215243_schedules },
  { name: 'Migration20261202000000_job_control', class: Migration20261202000000_job_control },
  { name: 'Migration20261202010000_data_at_scale', class: Migration20261202010000_data_at_scale },
  { name: 'Migration20261202020000_endpoints', class: Migration20261202020000_endpoints },
  { name: 'Migration20261202030000_firing_cost', class: Migration20261202030000_firing_cost },
  { name: 'Migration20261202040000_job_titles', class: Migration20261202040000_job_titles },
  { name: 'Migration20261202100000_members', class: Migration20261202100000_members },
  { name: 'Migration20261202110000_audit_log', class: Migration20261202110000_audit_log },
  { name: 'Migration20261202110000_trace_context', class: Migration20261202110000_trace_context },
  { name: 'Migration20261202120000_session_details', class: Migration20261202120000_session_details },
  { name: 'Migration20261202130000_occurrence_index', class: Migration20261202130000_occurrence_index },
];
