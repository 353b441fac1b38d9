/**
 * Every change the spec diff reports, with its level. Ids follow oasdiff's naming where oasdiff has the check.
 * Breaking: a client written against the old spec can fail against the new one.
 */
export type ChangeLevel = 'breaking' | 'non-breaking';

export interface Rule {
  level: ChangeLevel;
  /** what the change means for a client, one line */
  meaning: string;
}

const breaking = (meaning: string): Rule => ({ level: 'breaking', meaning });
const safe = (meaning: string): Rule => ({ level: 'non-breaking', meaning });

export const RULES = {
  // operations and webhooks
  'api-path-removed-without-deprecation': breaking('a path was removed without being deprecated first'),
  'api-path-removed-with-deprecation': safe('a deprecated path was removed'),
  'api-removed-without-deprecation': breaking('an operation was removed without being deprecated first'),
  'api-removed-with-deprecation': safe('a deprecated operation was removed'),
  'endpoint-added': safe('an operation was added'),
  'endpoint-deprecated': safe('an operation was deprecated'),
  'api-operation-id-changed': safe('the operationId changed (generated method names follow it)'),
  'webhook-removed': breaking('a webhook the provider sent is gone'),
  'webhook-added': safe('a new webhook is sent'),

  // auth
  'api-security-removed': breaking('a way to authenticate that clients used is no longer accepted'),
  'api-security-added': safe('a new way to authenticate is accepted'),
  'api-security-no-longer-required': safe('the operation no longer requires authentication'),
  'api-global-security-removed': breaking('a global way to authenticate is no longer accepted'),
  'api-global-security-added': safe('a new global way to authenticate is accepted'),
  'api-security-component-removed': breaking('a security scheme was removed'),
  'api-security-component-added': safe('a security scheme was added'),
  'api-security-component-type-changed': breaking('a security scheme changed type'),
  'api-security-component-location-changed': breaking('an API key moved to another header, query or cookie name'),

  // request parameters
  'new-required-request-parameter': breaking('a new required parameter'),
  'new-optional-request-parameter': safe('a new optional parameter'),
  'request-parameter-removed': safe('a parameter is no longer read'),
  'request-parameter-became-required': breaking('an optional parameter became required'),
  'request-parameter-became-optional': safe('a required parameter became optional'),
  'request-parameter-enum-value-removed': breaking('a parameter value clients could send is no longer allowed'),
  'request-parameter-enum-value-added': safe('a parameter accepts a new value'),
  'request-parameter-type-changed': breaking('a parameter no longer accepts its old type'),
  'request-parameter-type-generalized': safe('a parameter accepts more types'),
  'request-parameter-max-length-decreased': breaking('a parameter accepts shorter values only'),
  'request-parameter-min-length-increased': breaking('a parameter needs longer values'),
  'request-parameter-max-decreased': breaking('a parameter accepts smaller values only'),
  'request-parameter-min-increased': breaking('a parameter needs larger values'),
  'request-parameter-pattern-changed': breaking('a parameter must match a different pattern'),

  // request bodies
  'request-body-became-required': breaking('the request body became required'),
  'request-body-media-type-removed': breaking('a request content type is no longer accepted'),
  'request-body-media-type-added': safe('a new request content type is accepted'),
  'new-required-request-property': breaking('a new required request field'),
  'new-optional-request-property': safe('a new optional request field'),
  'request-property-removed': safe('a request field is no longer read'),
  'request-property-became-required': breaking('an optional request field became required'),
  'request-property-became-optional': safe('a required request field became optional'),
  'request-property-enum-value-removed': breaking('a request value clients could send is no longer allowed'),
  'request-property-enum-value-added': safe('a request field accepts a new value'),
  'request-property-type-changed': breaking('a request field no longer accepts its old type'),
  'request-property-type-generalized': safe('a request field accepts more types'),
  'request-property-max-length-decreased': breaking('a request field accepts shorter values only'),
  'request-property-min-length-increased': breaking('a request field needs longer values'),
  'request-property-max-decreased': breaking('a request field accepts smaller values only'),
  'request-property-min-increased': breaking('a request field needs larger values'),
  'request-property-pattern-changed': breaking('a request field must match a different pattern'),

  // responses
  'response-success-status-removed': breaking('a success status clients handled is no longer returned'),
  'response-non-success-status-removed': safe('an error status is no longer documented'),
  'response-status-added': safe('a new status is documented'),
  'response-media-type-removed': breaking('a response content type is no longer returned'),
  'response-property-removed': breaking('a response field clients could read is gone'),
  'response-property-added': safe('a new response field'),
  'response-property-became-optional': breaking('a response field that was always present may now be missing'),
  'response-property-became-required': safe('a response field is now always present'),
  'response-property-type-changed': breaking('a response field can now have a type clients do not expect'),
  'response-property-type-narrowed': safe('a response field has fewer possible types'),
  'response-property-enum-value-added': safe('a response field can have a new value (handle unknown values)'),
  'response-property-enum-value-removed': safe('a response field no longer has one of its values'),

  // webhook payloads (the provider sends them, so they read like responses)
  'webhook-property-removed': breaking('a webhook payload field receivers could read is gone'),
  'webhook-property-added': safe('a new webhook payload field'),
  'webhook-property-became-optional': breaking('a webhook payload field that was always present may now be missing'),
  'webhook-property-became-required': safe('a webhook payload field is now always present'),
  'webhook-property-type-changed': breaking('a webhook payload field can now have a type receivers do not expect'),
  'webhook-property-type-narrowed': safe('a webhook payload field has fewer possible types'),
  'webhook-property-enum-value-added': safe('a webhook payload field can have a new value (handle unknown values)'),
  'webhook-property-enum-value-removed': safe('a webhook payload field no longer has one of its values'),
} as const satisfies Record<string, Rule>;

export type RuleId = keyof typeof RULES;

export interface Change {
  id: RuleId;
  level: ChangeLevel;
  /** `POST /v1/payments`, `webhook payment.captured`, `security scheme ApiKey` */
  where: string;
  /** what changed, e.g. `request body /amount: enum value "EUR" removed` */
  detail: string;
}

export function change(id: RuleId, where: string, detail: string): Change {
  return { id, level: RULES[id].level, where, detail };
}
