// @push.rocks/smartmongo's main module imports this package's default export (for its
// MongoDB-binary replica set, which Dispatch does not use); CongoDB never touches it.
const unavailable = () => {
  throw new Error('mongodb-memory-server is a stub here: use the CongoDB server of @push.rocks/smartmongo');
};
export const MongoMemoryServer = { create: unavailable };
export const MongoMemoryReplSet = { create: unavailable };
export default { MongoMemoryServer, MongoMemoryReplSet };
