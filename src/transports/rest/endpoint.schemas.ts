import { endpointListQuery, idParams, updateEndpointBody } from './rest-schemas.js';
import { restRouteSchema } from './route-schema.js';

/** The Fastify schemas of the endpoint routes (endpoint.routes.ts), and so their OpenAPI operations. */
export const ENDPOINT_ROUTE_SCHEMAS = {
  list: restRouteSchema({
    summary: "A project's receiver endpoints, by origin", tag: 'Endpoints', auth: 'either', querystring: endpointListQuery,
    success: {
      status: 200, message: 'Endpoints fetched successfully', description: 'The endpoints',
      data: { type: 'object', properties: { endpoints: { type: 'array', items: { $ref: 'Endpoint#' } } }, required: ['endpoints'], additionalProperties: false },
    },
  }),
  update: restRouteSchema({
    summary: "Change an endpoint's flow control", tag: 'Endpoints', auth: 'apiKey', params: idParams('endpoint'), body: updateEndpointBody,
    success: { status: 200, message: 'Endpoint updated successfully', data: { $ref: 'Endpoint#' }, description: 'The endpoint' },
  }),
};
