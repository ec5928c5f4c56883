/** The GraphQL operations the client sends: the fields of each object mirror its REST JSON. */

const JOB_FIELDS = `id projectId title webhookUrl payload fireAt status retryCount createdAt updatedAt
  scheduleId scheduledFor retry { maxAttempts delays maxDelay } timeout headers expiresAt labels replayOf endpointId
  held { ms reason message }`;

const LOG_FIELDS = 'id attempt status responseCode responseBody firedAt durationMs error';

export const GET_JOB = `query DispatchGetJob($id: ID!) {
  job(id: $id) { ${JOB_FIELDS} project { id name } logs(first: 100) { ${LOG_FIELDS} } }
}`;

export const LIST_JOBS = `query DispatchListJobs($filter: JobFilter, $first: Int!, $after: String) {
  jobsConnection(filter: $filter, first: $first, after: $after) {
    edges { node { ${JOB_FIELDS} project { id name } } }
    pageInfo { hasNextPage endCursor }
    totalCount totalIsEstimate
  }
}`;

export const SCHEDULE_JOB = `mutation DispatchScheduleJob($input: ScheduleJobInput!) {
  scheduleJob(input: $input) { ${JOB_FIELDS} }
}`;

export const JOB_STATUS_CHANGED = `subscription DispatchJobStatusChanged($jobId: ID, $projectId: ID, $scheduleId: ID) {
  jobStatusChanged(jobId: $jobId, projectId: $projectId, scheduleId: $scheduleId) {
    jobId projectId status previousStatus retryCount at job { ${JOB_FIELDS} }
  }
}`;
