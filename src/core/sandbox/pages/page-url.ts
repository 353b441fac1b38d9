import controlSpec from '../../../../generated/sandbox-control/spec.js';
import { OperationIndex } from '../../operation-index.js';

const control = new OperationIndex(controlSpec);

/**
 * The URL of a sandbox page the sandbox hands out (a 3-D Secure challenge, a hosted checkout, a phone
 * confirmation): the control spec's path of `operationId`, its `{parameters}` filled and encoded, on the sandbox's
 * public base URL. A page the spec lacks is a build problem, reported when first asked for.
 */
export function controlPageUrl(publicUrl: string, operationId: string, parameters: Record<string, string>): string {
  const path = control.byOperationId(operationId)?.path;
  if (path === undefined)
    throw new TypeError(`The sandbox-control spec has no ${operationId} operation; run the build.`);
  const filled = path.replace(/\{([^}]+)\}/g, (_match, name: string) => {
    const value = parameters[name];
    if (value === undefined) throw new TypeError(`${operationId} needs the path parameter ${name}.`);
    return encodeURIComponent(value);
  });
  return `${publicUrl}${filled}`;
}
