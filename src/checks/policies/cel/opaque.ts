import { objectType, type CelObjectType, type CelValue } from '@bufbuild/cel';
import { create, createFileRegistry, createRegistry, type DescMessage, type Registry } from '@bufbuild/protobuf';
import { FieldDescriptorProto_Label, FieldDescriptorProto_Type, FileDescriptorProtoSchema } from '@bufbuild/protobuf/wkt';
import { isReflectMessage, reflect, type ReflectMessage } from '@bufbuild/protobuf/reflect';

/**
 * @bufbuild/cel only knows JSON-like values and protobuf messages, so the Kubernetes library's own types
 * (optional_type, kubernetes.Quantity, net.IP, ...) are one-field protobuf messages created at run time: they give the
 * values a CEL type name for overload dispatch and `type()`, while the JavaScript value they stand for lives in a
 * side table keyed by the message.
 */

const TYPE_NAMES = {
  optional: 'optional_type',
  quantity: 'kubernetes.Quantity',
  semver: 'kubernetes.Semver',
  url: 'kubernetes.URL',
  ip: 'net.IP',
  cidr: 'net.CIDR',
  authorizer: 'kubernetes.authorization.Authorizer',
} as const;

type OpaqueName = keyof typeof TYPE_NAMES;

function buildRegistry() {
  const byPackage = new Map<string, string[]>();
  for (const full of Object.values(TYPE_NAMES)) {
    const dot = full.lastIndexOf('.');
    const pkg = dot < 0 ? '' : full.slice(0, dot);
    byPackage.set(pkg, [...(byPackage.get(pkg) ?? []), full.slice(dot + 1)]);
  }
  const files = [...byPackage].map(([pkg, names]) =>
    createFileRegistry(create(FileDescriptorProtoSchema, {
      name: `rampart/cel/${pkg || 'root'}.proto`,
      package: pkg,
      syntax: 'proto3',
      // One string field: the value's canonical text, so CEL's message equality is the type's own equality.
      messageType: names.map((name) => ({ name, field: [{ name: 'key', number: 1, type: FieldDescriptorProto_Type.STRING, label: FieldDescriptorProto_Label.OPTIONAL, jsonName: 'key' }] })),
    }), () => undefined));
  return createRegistry(...files);
}

/** The registry the CEL environment needs so these types resolve. */
export const opaqueRegistry: Registry = buildRegistry();

export interface OpaqueType<T> {
  readonly type: CelObjectType;
  /** `key` is the canonical text two equal values share. */
  wrap(value: T, key: string): ReflectMessage;
  /** The JavaScript value behind a CEL value of this type, or undefined for any other value. */
  unwrap(value: CelValue | undefined): T | undefined;
  is(value: CelValue | undefined): boolean;
}

export function opaqueType<T>(name: OpaqueName): OpaqueType<T> {
  const desc = opaqueRegistry.getMessage(TYPE_NAMES[name]) as DescMessage;
  // The value rides on the message under a symbol: a WeakMap entry per optional would burden the collector.
  const VALUE = Symbol(name);
  type Carrier = { [VALUE]?: { value: T } };
  return {
    type: objectType(desc),
    wrap(value, key) {
      // The message's whole shape, built directly: create() would walk the descriptor on every optional.
      const message = { $typeName: desc.typeName, key, [VALUE]: { value } };
      return reflect(desc, message as unknown as Parameters<typeof reflect>[1], false);
    },
    unwrap(value) {
      if (!isReflectMessage(value) || value.desc !== desc) return undefined;
      return (value.message as Carrier)[VALUE]?.value;
    },
    is(value) {
      return isReflectMessage(value) && value.desc === desc;
    },
  };
}

/** An optional holds a value or nothing; `undefined` is the empty one. */
export const optionalType = opaqueType<CelValue | undefined>('optional');
