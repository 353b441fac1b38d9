import { deref, type JsonObject, type OpenApiDocument, resolvePointer } from './openapi-document.js';

/**
 * The one way runtime code reads a fact from a provider's bundled spec: a node or an extension at a JSON pointer,
 * following `$ref`s, with a typed result. A missing or mistyped fact is a build mistake (the spec and the code are
 * out of step), never a request error, so it throws at load time with the pointer that needs fixing.
 */
export class SpecFacts {
  constructor(
    private readonly slug: string,
    private readonly spec: OpenApiDocument,
  ) {}

  /** The node at `pointer` (refs followed), or its `extension` when one is named. */
  fact<T>(pointer: string, extension?: string): T {
    let node: JsonObject | undefined;
    try {
      node = deref<JsonObject>(this.spec, resolvePointer(this.spec, pointer));
    } catch {
      throw this.missing(pointer, extension ?? 'value');
    }
    const value = extension === undefined ? node : node?.[extension];
    if (value === undefined) throw this.missing(pointer, extension ?? 'value');
    return value as T;
  }

  /** A numeric fact; anything but a finite number is refused. */
  number(pointer: string, extension?: string): number {
    const value = this.fact<unknown>(pointer, extension);
    if (typeof value !== 'number' || !Number.isFinite(value)) throw this.missing(pointer, `numeric ${extension}`);
    return value;
  }

  /** A text fact; anything but a string is refused. */
  string(pointer: string, extension?: string): string {
    const value = this.fact<unknown>(pointer, extension);
    if (typeof value !== 'string') throw this.missing(pointer, `text ${extension}`);
    return value;
  }

  private missing(pointer: string, what: string): TypeError {
    return new TypeError(`${this.slug} spec: ${pointer} has no ${what}; fix the spec and run the build.`);
  }
}
