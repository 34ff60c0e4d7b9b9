/**
 * @ecotone/conformance: protocol scenarios any Ecotone backend can run, over
 * HTTP (`httpBackend`) or through a client transport (`transportBackend`).
 *
 * @packageDocumentation
 */
export * from './backend.js';
export { httpBackend, type HttpBackendOptions } from './http-backend.js';
export { transportBackend, type TransportBackendOptions, type TransportLike } from './transport-backend.js';
export * from './scenario.js';
export * from './runner.js';
export * from './report.js';
export * from './world.js';
export { allScenarios } from './scenarios/index.js';
