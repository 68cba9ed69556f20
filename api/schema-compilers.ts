import { AjvCompiler } from '@fastify/ajv-compiler';
import { SerializerSelector } from '@fastify/fast-json-stringify-compiler';
import type { FastifyServerOptions } from 'fastify';

type Compilers = NonNullable<NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']>;
type SerializerFactory = NonNullable<Compilers['buildSerializer']>;
type RouteSerializerCompiler = ReturnType<SerializerFactory>;
type Serializer = ReturnType<RouteSerializerCompiler>;

// Fastify's own compilers, made once per process instead of once per app. Ajv's pool then keeps
// one Ajv per set of shared schemas, which caches what it compiled by schema; the serializers are
// kept here by schema. The route schemas are module constants, so every app this process builds
// after the first (the tests build hundreds; a reload's new app in the same process too) reuses
// the validators and serializers instead of compiling them again: that was most of building one.
const buildValidator = AjvCompiler();
const buildFreshSerializer = SerializerSelector();
const serializerPools = new Map<string, WeakMap<object, Map<string, Serializer>>>();

const buildSerializer: SerializerFactory = (externalSchemas, options) => {
  const poolKey = JSON.stringify(externalSchemas) + JSON.stringify(options ?? {});
  let pool = serializerPools.get(poolKey);
  if (!pool) serializerPools.set(poolKey, (pool = new WeakMap<object, Map<string, Serializer>>()));
  const compiled = pool;
  const compile = buildFreshSerializer(externalSchemas, options);
  return (route) => {
    const schema = route.schema as object;
    let byStatus = compiled.get(schema);
    if (!byStatus) compiled.set(schema, (byStatus = new Map<string, Serializer>()));
    const key = `${route.httpStatus} ${(route as { contentType?: string }).contentType ?? ''}`;
    let serialize = byStatus.get(key);
    if (!serialize) byStatus.set(key, (serialize = compile(route)));
    return serialize;
  };
};

/** The `schemaController` of every app: compile each schema once per process. */
export const sharedSchemaController: NonNullable<FastifyServerOptions['schemaController']> = { compilersFactory: { buildValidator, buildSerializer } };
