import type { FastifyReply } from 'fastify';

/** Every REST answer, success or error: `{status, message, data}`. */
export interface Envelope<T> {
  status: boolean;
  message: string;
  data: T | null;
}

export function ok<T>(reply: FastifyReply, httpStatus: number, message: string, data: T | null) {
  return reply.code(httpStatus).send({ status: true, message, data } satisfies Envelope<T>);
}

export function fail(reply: FastifyReply, httpStatus: number, message: string) {
  return reply.code(httpStatus).send({ status: false, message, data: null } satisfies Envelope<null>);
}
