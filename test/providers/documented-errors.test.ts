/**
 * Every documented error body, served with its status, comes back as the right error class with the provider's own
 * code and message. Each expectation is written here by hand from the provider documents (../shared/seeds): Chari
 * Money's "Chari Error Codes" table and AlyaPay's "Error Responses" tables verbatim; where a document names the
 * failure but not its wire body (Chari Pay, Haloubi, Novasend, Chari Money's 401) the spec's documented example.
 * A check at the end fails when the spec documents an error example this table does not cover.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import alyapaySpec from '../../generated/alyapay/spec.js';
import chariMoneySpec from '../../generated/chari-money/spec.js';
import chariPaySpec from '../../generated/chari-pay/spec.js';
import haloubiSpec from '../../generated/haloubi-gateway/spec.js';
import novasendSpec from '../../generated/novasend/spec.js';
import type { CommonClientOptions } from '../../src/core/client.js';
import {
  AuthenticationError,
  ConflictError,
  GoneError,
  InvalidRequestError,
  NotFoundError,
  type PaymentApiError,
  PaymentDeclinedError,
  RateLimitError,
  ServerError,
} from '../../src/core/errors.js';
import type { OpenApiDocument } from '../../src/core/openapi-document.js';
import { OperationIndex } from '../../src/core/operation-index.js';
import { createAlyaPayClient } from '../../src/providers/alyapay/index.js';
import { createChariMoneyClient } from '../../src/providers/chari-money/index.js';
import { createChariPayClient } from '../../src/providers/chari-pay/index.js';
import { createHaloubiGatewayClient } from '../../src/providers/haloubi-gateway/index.js';
import { createNovasendClient } from '../../src/providers/novasend/index.js';
import { type RunningSandbox, startSandbox } from '../../src/sandbox/index.js';
import { fakeFetch } from '../core/fake-fetch.js';

type Slug = 'chari-money' | 'chari-pay' | 'haloubi-gateway' | 'alyapay' | 'novasend';
type AnyCall = (path: string, init?: Record<string, unknown>) => Promise<unknown>;
type Build = (fetch: CommonClientOptions['fetch']) => unknown;

/** [call, status, wire body, error class, code, providerMessage, error message] */
type Case = [
  call: string,
  status: number,
  body: unknown,
  type: typeof PaymentApiError,
  code: string | number,
  message: string,
  text: string,
];

const CASES: Record<Slug, Case[]> = {
  'chari-money': [
    [
      'GET /api/customers/status',
      400,
      { errorCode: 10001, errorDescription: 'Missing Parameters.' },
      InvalidRequestError,
      10001,
      'Missing Parameters.',
      'chari-money answered 400 [10001]: Missing Parameters. on GET /api/customers/status.',
    ],
    [
      'GET /api/customers/status',
      400,
      { errorCode: 20000, errorDescription: 'The phone number format is invalid.' },
      InvalidRequestError,
      20000,
      'The phone number format is invalid.',
      'chari-money answered 400 [20000]: The phone number format is invalid. on GET /api/customers/status.',
    ],
    [
      'GET /api/customers/status',
      400,
      { errorCode: 20006, errorDescription: 'The initial parameters provided are incorrect or invalid.' },
      InvalidRequestError,
      20006,
      'The initial parameters provided are incorrect or invalid.',
      'chari-money answered 400 [20006]: The initial parameters provided are incorrect or invalid. on GET /api/customers/status.',
    ],
    [
      'GET /api/customers/status',
      400,
      {
        errorCode: 20007,
        errorDescription: 'The Merchant Category Code (MCC) provided is incorrect or not recognized.',
      },
      InvalidRequestError,
      20007,
      'The Merchant Category Code (MCC) provided is incorrect or not recognized.',
      'chari-money answered 400 [20007]: The Merchant Category Code (MCC) provided is incorrect or not recognized. on GET /api/customers/status.',
    ],
    [
      'GET /api/customers/status',
      400,
      { errorCode: 26001, errorDescription: 'The entered PIN is incorrect.' },
      InvalidRequestError,
      26001,
      'The entered PIN is incorrect.',
      'chari-money answered 400 [26001]: The entered PIN is incorrect. on GET /api/customers/status.',
    ],
    [
      'GET /api/customers/status',
      400,
      {
        errorCode: 26005,
        errorDescription: 'The provided PIN does not meet the required format (must be a 4-digit number).',
      },
      InvalidRequestError,
      26005,
      'The provided PIN does not meet the required format (must be a 4-digit number).',
      'chari-money answered 400 [26005]: The provided PIN does not meet the required format (must be a 4-digit number). on GET /api/customers/status.',
    ],
    [
      'GET /api/customers/status',
      401,
      {
        errorCode: 401,
        errorDescription: 'The Chari-Api-Key header is missing or is not a valid API key for this environment.',
      },
      AuthenticationError,
      401,
      'The Chari-Api-Key header is missing or is not a valid API key for this environment.',
      'chari-money answered 401 [401]: The Chari-Api-Key header is missing or is not a valid API key for this environment. on GET /api/customers/status.',
    ],
    [
      'GET /api/customers/default',
      404,
      { errorCode: 20005, errorDescription: 'The specified user could not be found.' },
      NotFoundError,
      20005,
      'The specified user could not be found.',
      'chari-money answered 404 [20005]: The specified user could not be found. on GET /api/customers/default.',
    ],
    [
      'GET /api/customers/default',
      404,
      { errorCode: 20017, errorDescription: 'There is no pending request associated with the provided Phone Number.' },
      NotFoundError,
      20017,
      'There is no pending request associated with the provided Phone Number.',
      'chari-money answered 404 [20017]: There is no pending request associated with the provided Phone Number. on GET /api/customers/default.',
    ],
    [
      'GET /api/customers/default',
      404,
      { errorCode: 27001, errorDescription: 'The Beneficiary does not exist.' },
      NotFoundError,
      27001,
      'The Beneficiary does not exist.',
      'chari-money answered 404 [27001]: The Beneficiary does not exist. on GET /api/customers/default.',
    ],
    [
      'POST /api/customers/register',
      409,
      {
        errorCode: 20008,
        errorDescription: 'Registration is temporarily locked due to security or policy restrictions.',
      },
      ConflictError,
      20008,
      'Registration is temporarily locked due to security or policy restrictions.',
      'chari-money answered 409 [20008]: Registration is temporarily locked due to security or policy restrictions. on POST /api/customers/register.',
    ],
    [
      'POST /api/customers/register',
      409,
      {
        errorCode: 20009,
        errorDescription: 'The request is pending confirmation. Please wait for further processing.',
      },
      ConflictError,
      20009,
      'The request is pending confirmation. Please wait for further processing.',
      'chari-money answered 409 [20009]: The request is pending confirmation. Please wait for further processing. on POST /api/customers/register.',
    ],
    [
      'POST /api/customers/register',
      409,
      { errorCode: 26004, errorDescription: 'A PIN has already been set for this wallet.' },
      ConflictError,
      26004,
      'A PIN has already been set for this wallet.',
      'chari-money answered 409 [26004]: A PIN has already been set for this wallet. on POST /api/customers/register.',
    ],
    [
      'POST /api/customers/register',
      409,
      { errorCode: 27000, errorDescription: 'The Beneficiary already exists with the same phoneNumber.' },
      ConflictError,
      27000,
      'The Beneficiary already exists with the same phoneNumber.',
      'chari-money answered 409 [27000]: The Beneficiary already exists with the same phoneNumber. on POST /api/customers/register.',
    ],
    [
      'POST /api/customers/register',
      409,
      { errorCode: 32000, errorDescription: 'An upgrade request is already under review for this account.' },
      ConflictError,
      32000,
      'An upgrade request is already under review for this account.',
      'chari-money answered 409 [32000]: An upgrade request is already under review for this account. on POST /api/customers/register.',
    ],
  ],
  'chari-pay': [
    [
      'GET /v1/payments',
      400,
      {
        error: {
          type: 'invalid_request_error',
          code: 'invalid_currency',
          message: 'currency must be MAD.',
          param: 'currency',
        },
      },
      InvalidRequestError,
      'invalid_currency',
      'currency must be MAD.',
      'chari-pay answered 400 [invalid_currency]: currency must be MAD. on GET /v1/payments.',
    ],
    [
      'GET /v1/payments',
      401,
      { error: { type: 'authentication_error', code: 'invalid_api_key', message: 'Invalid API key provided.' } },
      AuthenticationError,
      'invalid_api_key',
      'Invalid API key provided.',
      'chari-pay answered 401 [invalid_api_key]: Invalid API key provided. on GET /v1/payments.',
    ],
    [
      'GET /v1/payments',
      429,
      { error: { type: 'rate_limit_error', code: 'rate_limit_exceeded', message: 'Too many requests, retry later.' } },
      RateLimitError,
      'rate_limit_exceeded',
      'Too many requests, retry later.',
      'chari-pay answered 429 [rate_limit_exceeded]: Too many requests, retry later. on GET /v1/payments.',
    ],
    [
      'GET /v1/payments',
      500,
      { error: { type: 'api_error', code: 'internal_error', message: 'An unexpected error occurred.' } },
      ServerError,
      'internal_error',
      'An unexpected error occurred.',
      'chari-pay answered 500 [internal_error]: An unexpected error occurred. on GET /v1/payments.',
    ],
    [
      'POST /v1/payments',
      409,
      {
        error: {
          type: 'conflict_error',
          code: 'duplicate_reference',
          message: 'A payment with reference ORDER-2026-001 already exists.',
          param: 'reference',
        },
      },
      ConflictError,
      'duplicate_reference',
      'A payment with reference ORDER-2026-001 already exists.',
      'chari-pay answered 409 [duplicate_reference]: A payment with reference ORDER-2026-001 already exists. on POST /v1/payments.',
    ],
    [
      'GET /v1/payments/{id}',
      404,
      { error: { type: 'not_found_error', code: 'resource_missing', message: 'No such payment: pay_unknown.' } },
      NotFoundError,
      'resource_missing',
      'No such payment: pay_unknown.',
      'chari-pay answered 404 [resource_missing]: No such payment: pay_unknown. on GET /v1/payments/{id}.',
    ],
    [
      'POST /v1/payments/{id}/capture',
      409,
      {
        error: {
          type: 'conflict_error',
          code: 'refund_exceeds_amount',
          message: 'Cumulative refunds cannot exceed the payment amount.',
        },
      },
      ConflictError,
      'refund_exceeds_amount',
      'Cumulative refunds cannot exceed the payment amount.',
      'chari-pay answered 409 [refund_exceeds_amount]: Cumulative refunds cannot exceed the payment amount. on POST /v1/payments/{id}/capture.',
    ],
  ],
  'haloubi-gateway': [
    [
      'POST /api/v1/payments/authorize',
      400,
      {
        error: {
          type: 'invalid_request_error',
          code: 'invalid_amount',
          message: 'Amount must be a positive integer in cents.',
          param: 'amount',
        },
      },
      InvalidRequestError,
      'invalid_amount',
      'Amount must be a positive integer in cents.',
      'haloubi-gateway answered 400 [invalid_amount]: Amount must be a positive integer in cents. on POST /api/v1/payments/authorize.',
    ],
    [
      'POST /api/v1/payments/authorize',
      400,
      {
        error: {
          type: 'invalid_request_error',
          code: 'unsupported_currency',
          message: 'Currency must be one of USD, EUR, MAD.',
          param: 'currency',
        },
      },
      InvalidRequestError,
      'unsupported_currency',
      'Currency must be one of USD, EUR, MAD.',
      'haloubi-gateway answered 400 [unsupported_currency]: Currency must be one of USD, EUR, MAD. on POST /api/v1/payments/authorize.',
    ],
    [
      'POST /api/v1/payments/authorize',
      400,
      {
        error: {
          type: 'invalid_request_error',
          code: 'missing_required_field',
          message: 'Missing required field: currency.',
          param: 'currency',
        },
      },
      InvalidRequestError,
      'missing_required_field',
      'Missing required field: currency.',
      'haloubi-gateway answered 400 [missing_required_field]: Missing required field: currency. on POST /api/v1/payments/authorize.',
    ],
    [
      'POST /api/v1/payments/authorize',
      400,
      {
        error: {
          type: 'invalid_request_error',
          code: 'invalid_card',
          message: 'The card number is not a valid card number.',
          param: 'card.number',
        },
      },
      InvalidRequestError,
      'invalid_card',
      'The card number is not a valid card number.',
      'haloubi-gateway answered 400 [invalid_card]: The card number is not a valid card number. on POST /api/v1/payments/authorize.',
    ],
    [
      'POST /api/v1/payments/authorize',
      401,
      { error: { type: 'authentication_error', code: 'missing_api_key', message: 'No API key provided.' } },
      AuthenticationError,
      'missing_api_key',
      'No API key provided.',
      'haloubi-gateway answered 401 [missing_api_key]: No API key provided. on POST /api/v1/payments/authorize.',
    ],
    [
      'POST /api/v1/payments/authorize',
      401,
      { error: { type: 'authentication_error', code: 'invalid_api_key', message: 'Invalid API key provided.' } },
      AuthenticationError,
      'invalid_api_key',
      'Invalid API key provided.',
      'haloubi-gateway answered 401 [invalid_api_key]: Invalid API key provided. on POST /api/v1/payments/authorize.',
    ],
    [
      'POST /api/v1/payments/authorize',
      401,
      {
        error: {
          type: 'authentication_error',
          code: 'wrong_merchant',
          message: 'This resource belongs to a different merchant.',
        },
      },
      AuthenticationError,
      'wrong_merchant',
      'This resource belongs to a different merchant.',
      'haloubi-gateway answered 401 [wrong_merchant]: This resource belongs to a different merchant. on POST /api/v1/payments/authorize.',
    ],
    [
      'POST /api/v1/payments/authorize',
      402,
      { error: { type: 'card_error', code: 'card_declined', message: 'Your card was declined.', decline_code: '05' } },
      PaymentDeclinedError,
      '05',
      'Your card was declined.',
      'haloubi-gateway answered 402 [05]: Your card was declined. on POST /api/v1/payments/authorize.',
    ],
    [
      'POST /api/v1/payments/authorize',
      402,
      {
        error: {
          type: 'card_error',
          code: 'card_declined',
          message: 'Your card has insufficient funds.',
          decline_code: '51',
        },
      },
      PaymentDeclinedError,
      '51',
      'Your card has insufficient funds.',
      'haloubi-gateway answered 402 [51]: Your card has insufficient funds. on POST /api/v1/payments/authorize.',
    ],
    [
      'POST /api/v1/payments/authorize',
      402,
      { error: { type: 'card_error', code: 'card_declined', message: 'Your card has expired.', decline_code: '54' } },
      PaymentDeclinedError,
      '54',
      'Your card has expired.',
      'haloubi-gateway answered 402 [54]: Your card has expired. on POST /api/v1/payments/authorize.',
    ],
    [
      'POST /api/v1/payments/authorize',
      402,
      {
        error: {
          type: 'card_error',
          code: 'card_declined',
          message: "Your card's security code is incorrect.",
          decline_code: 'N7',
        },
      },
      PaymentDeclinedError,
      'N7',
      "Your card's security code is incorrect.",
      "haloubi-gateway answered 402 [N7]: Your card's security code is incorrect. on POST /api/v1/payments/authorize.",
    ],
    [
      'POST /api/v1/payments/authorize',
      402,
      {
        error: {
          type: 'card_error',
          code: 'card_declined',
          message: 'An error occurred while processing your card.',
          decline_code: '96',
        },
      },
      PaymentDeclinedError,
      '96',
      'An error occurred while processing your card.',
      'haloubi-gateway answered 402 [96]: An error occurred while processing your card. on POST /api/v1/payments/authorize.',
    ],
    [
      'POST /api/v1/payments/authorize',
      402,
      {
        error: {
          type: 'card_error',
          code: 'fraud_declined',
          message: 'The payment was declined because of a high fraud risk.',
          decline_code: 'fraud',
        },
      },
      PaymentDeclinedError,
      'fraud',
      'The payment was declined because of a high fraud risk.',
      'haloubi-gateway answered 402 [fraud]: The payment was declined because of a high fraud risk. on POST /api/v1/payments/authorize.',
    ],
    [
      'POST /api/v1/payments/authorize',
      409,
      {
        error: {
          type: 'conflict_error',
          code: 'idempotency_key_mismatch',
          message: 'This Idempotency-Key was already used with a different request body.',
        },
      },
      ConflictError,
      'idempotency_key_mismatch',
      'This Idempotency-Key was already used with a different request body.',
      'haloubi-gateway answered 409 [idempotency_key_mismatch]: This Idempotency-Key was already used with a different request body. on POST /api/v1/payments/authorize.',
    ],
    [
      'POST /api/v1/payments/authorize',
      429,
      { error: { type: 'rate_limit_error', code: 'rate_limit_exceeded', message: 'Too many requests; retry later.' } },
      RateLimitError,
      'rate_limit_exceeded',
      'Too many requests; retry later.',
      'haloubi-gateway answered 429 [rate_limit_exceeded]: Too many requests; retry later. on POST /api/v1/payments/authorize.',
    ],
    [
      'POST /api/v1/payments/{id}/capture',
      400,
      {
        error: {
          type: 'invalid_request_error',
          code: 'already_captured',
          message: 'This payment has already been captured.',
        },
      },
      InvalidRequestError,
      'already_captured',
      'This payment has already been captured.',
      'haloubi-gateway answered 400 [already_captured]: This payment has already been captured. on POST /api/v1/payments/{id}/capture.',
    ],
    [
      'POST /api/v1/payments/{id}/capture',
      400,
      {
        error: {
          type: 'invalid_request_error',
          code: 'amount_too_high',
          message: 'The capture amount exceeds the authorized amount.',
          param: 'amount',
        },
      },
      InvalidRequestError,
      'amount_too_high',
      'The capture amount exceeds the authorized amount.',
      'haloubi-gateway answered 400 [amount_too_high]: The capture amount exceeds the authorized amount. on POST /api/v1/payments/{id}/capture.',
    ],
    [
      'POST /api/v1/payments/{id}/capture',
      400,
      {
        error: {
          type: 'invalid_request_error',
          code: 'authorization_expired',
          message: 'The authorization expired (not captured within 7 days) and was automatically voided.',
        },
      },
      InvalidRequestError,
      'authorization_expired',
      'The authorization expired (not captured within 7 days) and was automatically voided.',
      'haloubi-gateway answered 400 [authorization_expired]: The authorization expired (not captured within 7 days) and was automatically voided. on POST /api/v1/payments/{id}/capture.',
    ],
    [
      'POST /api/v1/payments/{id}/capture',
      404,
      { error: { type: 'not_found_error', code: 'not_found', message: 'No such payment: pay_9f8e7d6c5b4a.' } },
      NotFoundError,
      'not_found',
      'No such payment: pay_9f8e7d6c5b4a.',
      'haloubi-gateway answered 404 [not_found]: No such payment: pay_9f8e7d6c5b4a. on POST /api/v1/payments/{id}/capture.',
    ],
    [
      'POST /api/v1/payments/{id}/capture',
      409,
      {
        error: {
          type: 'conflict_error',
          code: 'invalid_state',
          message: 'This payment is voided; it can no longer be captured.',
        },
      },
      ConflictError,
      'invalid_state',
      'This payment is voided; it can no longer be captured.',
      'haloubi-gateway answered 409 [invalid_state]: This payment is voided; it can no longer be captured. on POST /api/v1/payments/{id}/capture.',
    ],
    [
      'POST /api/v1/payments/{id}/void',
      400,
      {
        error: {
          type: 'invalid_request_error',
          code: 'already_captured',
          message: 'This payment has already been captured; refund it instead.',
        },
      },
      InvalidRequestError,
      'already_captured',
      'This payment has already been captured; refund it instead.',
      'haloubi-gateway answered 400 [already_captured]: This payment has already been captured; refund it instead. on POST /api/v1/payments/{id}/void.',
    ],
    [
      'POST /api/v1/payments/{id}/void',
      400,
      {
        error: {
          type: 'invalid_request_error',
          code: 'already_voided',
          message: 'This payment has already been voided.',
        },
      },
      InvalidRequestError,
      'already_voided',
      'This payment has already been voided.',
      'haloubi-gateway answered 400 [already_voided]: This payment has already been voided. on POST /api/v1/payments/{id}/void.',
    ],
    [
      'POST /api/v1/payments/{id}/void',
      410,
      {
        error: {
          type: 'gone_error',
          code: 'payment_expired',
          message: 'The authorization expired (not captured within 7 days) and was automatically voided.',
        },
      },
      GoneError,
      'payment_expired',
      'The authorization expired (not captured within 7 days) and was automatically voided.',
      'haloubi-gateway answered 410 [payment_expired]: The authorization expired (not captured within 7 days) and was automatically voided. on POST /api/v1/payments/{id}/void.',
    ],
    [
      'POST /api/v1/payments/{id}/refund',
      400,
      {
        error: {
          type: 'invalid_request_error',
          code: 'not_captured',
          message: 'This payment has not been captured; void it instead.',
        },
      },
      InvalidRequestError,
      'not_captured',
      'This payment has not been captured; void it instead.',
      'haloubi-gateway answered 400 [not_captured]: This payment has not been captured; void it instead. on POST /api/v1/payments/{id}/refund.',
    ],
    [
      'POST /api/v1/payments/{id}/refund',
      400,
      {
        error: {
          type: 'invalid_request_error',
          code: 'amount_too_high',
          message: 'The refund amount exceeds the remaining captured amount.',
          param: 'amount',
        },
      },
      InvalidRequestError,
      'amount_too_high',
      'The refund amount exceeds the remaining captured amount.',
      'haloubi-gateway answered 400 [amount_too_high]: The refund amount exceeds the remaining captured amount. on POST /api/v1/payments/{id}/refund.',
    ],
    [
      'POST /api/v1/payments/{id}/refund',
      400,
      {
        error: {
          type: 'invalid_request_error',
          code: 'already_refunded',
          message: 'This payment has already been fully refunded.',
        },
      },
      InvalidRequestError,
      'already_refunded',
      'This payment has already been fully refunded.',
      'haloubi-gateway answered 400 [already_refunded]: This payment has already been fully refunded. on POST /api/v1/payments/{id}/refund.',
    ],
    [
      'POST /api/public/payment-intents/{id}/confirm',
      400,
      {
        error: {
          type: 'invalid_request_error',
          code: 'missing_required_field',
          message: 'Missing required field: card.',
          param: 'card',
        },
      },
      InvalidRequestError,
      'missing_required_field',
      'Missing required field: card.',
      'haloubi-gateway answered 400 [missing_required_field]: Missing required field: card. on POST /api/public/payment-intents/{id}/confirm.',
    ],
    [
      'POST /api/public/payment-intents/{id}/confirm',
      400,
      {
        error: {
          type: 'invalid_request_error',
          code: 'already_completed',
          message: 'This payment intent has already been completed.',
        },
      },
      InvalidRequestError,
      'already_completed',
      'This payment intent has already been completed.',
      'haloubi-gateway answered 400 [already_completed]: This payment intent has already been completed. on POST /api/public/payment-intents/{id}/confirm.',
    ],
    [
      'POST /api/public/payment-intents/{id}/confirm',
      401,
      {
        error: {
          type: 'authentication_error',
          code: 'invalid_client_secret',
          message: 'Invalid client secret for this payment intent.',
        },
      },
      AuthenticationError,
      'invalid_client_secret',
      'Invalid client secret for this payment intent.',
      'haloubi-gateway answered 401 [invalid_client_secret]: Invalid client secret for this payment intent. on POST /api/public/payment-intents/{id}/confirm.',
    ],
    [
      'POST /api/public/payment-intents/{id}/confirm',
      401,
      {
        error: {
          type: 'authentication_error',
          code: 'missing_client_secret',
          message: 'No client secret provided (body client_secret or ?client_secret=).',
        },
      },
      AuthenticationError,
      'missing_client_secret',
      'No client secret provided (body client_secret or ?client_secret=).',
      'haloubi-gateway answered 401 [missing_client_secret]: No client secret provided (body client_secret or ?client_secret=). on POST /api/public/payment-intents/{id}/confirm.',
    ],
    [
      'POST /api/public/payment-intents/{id}/confirm',
      401,
      {
        error: {
          type: 'authentication_error',
          code: 'client_secret_expired',
          message: 'The client secret has expired.',
        },
      },
      AuthenticationError,
      'client_secret_expired',
      'The client secret has expired.',
      'haloubi-gateway answered 401 [client_secret_expired]: The client secret has expired. on POST /api/public/payment-intents/{id}/confirm.',
    ],
    [
      'POST /api/public/payment-intents/{id}/confirm',
      410,
      {
        error: {
          type: 'gone_error',
          code: 'intent_expired',
          message: 'This payment intent expired; create a new one.',
        },
      },
      GoneError,
      'intent_expired',
      'This payment intent expired; create a new one.',
      'haloubi-gateway answered 410 [intent_expired]: This payment intent expired; create a new one. on POST /api/public/payment-intents/{id}/confirm.',
    ],
    [
      'POST /api/public/payment-intents/{id}/confirm',
      410,
      {
        error: {
          type: 'gone_error',
          code: 'max_attempts',
          message: 'The maximum number of payment attempts for this payment intent was reached.',
        },
      },
      GoneError,
      'max_attempts',
      'The maximum number of payment attempts for this payment intent was reached.',
      'haloubi-gateway answered 410 [max_attempts]: The maximum number of payment attempts for this payment intent was reached. on POST /api/public/payment-intents/{id}/confirm.',
    ],
    [
      'GET /api/v1/transactions',
      400,
      {
        error: {
          type: 'invalid_request_error',
          code: 'invalid_request',
          message: 'Invalid parameter: limit must be <= 100.',
          param: 'limit',
        },
      },
      InvalidRequestError,
      'invalid_request',
      'Invalid parameter: limit must be <= 100.',
      'haloubi-gateway answered 400 [invalid_request]: Invalid parameter: limit must be <= 100. on GET /api/v1/transactions.',
    ],
  ],
  alyapay: [
    [
      'POST /api/v1/public/sessions',
      500,
      { error: 'INTERNAL_ERROR', message: 'An unexpected error occurred; retry the request' },
      ServerError,
      'INTERNAL_ERROR',
      'An unexpected error occurred; retry the request',
      'alyapay answered 500 [INTERNAL_ERROR]: An unexpected error occurred; retry the request on POST /api/v1/public/sessions.',
    ],
    [
      'POST /api/v1/public/sessions',
      400,
      { error: 'INVALID_AMOUNT', message: 'Amount must be greater than 0' },
      InvalidRequestError,
      'INVALID_AMOUNT',
      'Amount must be greater than 0',
      'alyapay answered 400 [INVALID_AMOUNT]: Amount must be greater than 0 on POST /api/v1/public/sessions.',
    ],
    [
      'POST /api/v1/public/sessions',
      400,
      { error: 'INVALID_CURRENCY', message: 'Unsupported currency code' },
      InvalidRequestError,
      'INVALID_CURRENCY',
      'Unsupported currency code',
      'alyapay answered 400 [INVALID_CURRENCY]: Unsupported currency code on POST /api/v1/public/sessions.',
    ],
    [
      'POST /api/v1/public/sessions',
      400,
      { error: 'INVALID_ITEMS', message: 'Items array is missing or invalid' },
      InvalidRequestError,
      'INVALID_ITEMS',
      'Items array is missing or invalid',
      'alyapay answered 400 [INVALID_ITEMS]: Items array is missing or invalid on POST /api/v1/public/sessions.',
    ],
    [
      'POST /api/v1/public/sessions',
      400,
      { error: 'AMOUNT_MISMATCH', message: "Total doesn't match sum of items" },
      InvalidRequestError,
      'AMOUNT_MISMATCH',
      "Total doesn't match sum of items",
      "alyapay answered 400 [AMOUNT_MISMATCH]: Total doesn't match sum of items on POST /api/v1/public/sessions.",
    ],
    [
      'POST /api/v1/public/sessions',
      401,
      { error: 'INVALID_API_KEY', message: 'API key is invalid or missing' },
      AuthenticationError,
      'INVALID_API_KEY',
      'API key is invalid or missing',
      'alyapay answered 401 [INVALID_API_KEY]: API key is invalid or missing on POST /api/v1/public/sessions.',
    ],
    [
      'POST /api/v1/public/sessions',
      429,
      { error: 'RATE_LIMIT_EXCEEDED', message: 'Too many requests (max 100 per 15 min)' },
      RateLimitError,
      'RATE_LIMIT_EXCEEDED',
      'Too many requests (max 100 per 15 min)',
      'alyapay answered 429 [RATE_LIMIT_EXCEEDED]: Too many requests (max 100 per 15 min) on POST /api/v1/public/sessions.',
    ],
    [
      'GET /api/v1/public/transactions/{transaction_id}/status',
      401,
      { error: 'INVALID_SESSION_TOKEN', message: 'Session token is invalid or expired' },
      AuthenticationError,
      'INVALID_SESSION_TOKEN',
      'Session token is invalid or expired',
      'alyapay answered 401 [INVALID_SESSION_TOKEN]: Session token is invalid or expired on GET /api/v1/public/transactions/{transaction_id}/status.',
    ],
    [
      'GET /api/v1/public/transactions/{transaction_id}/status',
      404,
      { error: 'TRANSACTION_NOT_FOUND', message: "Transaction doesn't exist" },
      NotFoundError,
      'TRANSACTION_NOT_FOUND',
      "Transaction doesn't exist",
      "alyapay answered 404 [TRANSACTION_NOT_FOUND]: Transaction doesn't exist on GET /api/v1/public/transactions/{transaction_id}/status.",
    ],
  ],
  novasend: [
    [
      'POST /v1/payin/sessions',
      409,
      {
        code: 'DUPLICATE_REFERENCE',
        message: 'reference 55a4e677-5700-4ed0-9a2a-9300db894ddb was already used for another payin',
      },
      ConflictError,
      'DUPLICATE_REFERENCE',
      'reference 55a4e677-5700-4ed0-9a2a-9300db894ddb was already used for another payin',
      'novasend answered 409 [DUPLICATE_REFERENCE]: reference 55a4e677-5700-4ed0-9a2a-9300db894ddb was already used for another payin on POST /v1/payin/sessions.',
    ],
    [
      'POST /v1/payin/sessions',
      500,
      {
        code: 'INTERNAL_ERROR',
        message: 'An unexpected error occurred; retry the request with the same X-Idempotency-Key',
      },
      ServerError,
      'INTERNAL_ERROR',
      'An unexpected error occurred; retry the request with the same X-Idempotency-Key',
      'novasend answered 500 [INTERNAL_ERROR]: An unexpected error occurred; retry the request with the same X-Idempotency-Key on POST /v1/payin/sessions.',
    ],
    [
      'POST /v1/payin/sessions',
      400,
      { code: 'VALIDATION_ERROR', message: 'msisdn must be in E.164 format' },
      InvalidRequestError,
      'VALIDATION_ERROR',
      'msisdn must be in E.164 format',
      'novasend answered 400 [VALIDATION_ERROR]: msisdn must be in E.164 format on POST /v1/payin/sessions.',
    ],
    [
      'POST /v1/payin/sessions',
      400,
      { code: 'MISSING_IDEMPOTENCY_KEY', message: 'X-Idempotency-Key header is required' },
      InvalidRequestError,
      'MISSING_IDEMPOTENCY_KEY',
      'X-Idempotency-Key header is required',
      'novasend answered 400 [MISSING_IDEMPOTENCY_KEY]: X-Idempotency-Key header is required on POST /v1/payin/sessions.',
    ],
    [
      'POST /v1/payin/sessions',
      401,
      { code: 'UNAUTHORIZED', message: 'Invalid API credentials' },
      AuthenticationError,
      'UNAUTHORIZED',
      'Invalid API credentials',
      'novasend answered 401 [UNAUTHORIZED]: Invalid API credentials on POST /v1/payin/sessions.',
    ],
    [
      'POST /v1/payin/sessions',
      409,
      { code: 'IDEMPOTENCY_KEY_REUSED', message: 'X-Idempotency-Key was already used with a different request body' },
      ConflictError,
      'IDEMPOTENCY_KEY_REUSED',
      'X-Idempotency-Key was already used with a different request body',
      'novasend answered 409 [IDEMPOTENCY_KEY_REUSED]: X-Idempotency-Key was already used with a different request body on POST /v1/payin/sessions.',
    ],
    [
      'GET /v1/payin/{reference}',
      404,
      { code: 'PAYIN_NOT_FOUND', message: 'Payin not found' },
      NotFoundError,
      'PAYIN_NOT_FOUND',
      'Payin not found',
      'novasend answered 404 [PAYIN_NOT_FOUND]: Payin not found on GET /v1/payin/{reference}.',
    ],
  ],
};

const CLIENTS: Record<Slug, Build> = {
  'chari-money': (fetch) => createChariMoneyClient({ apiKey: 'k', baseUrl: 'http://x.test', fetch }),
  'chari-pay': (fetch) => createChariPayClient({ secretKey: 'k', baseUrl: 'http://x.test', fetch }),
  'haloubi-gateway': (fetch) =>
    createHaloubiGatewayClient({ apiKey: 'k', clientSecret: 'pi_1_secret_2', baseUrl: 'http://x.test', fetch }),
  alyapay: (fetch) => createAlyaPayClient({ apiKey: 'k', sessionToken: 't', baseUrl: 'http://x.test', fetch }),
  novasend: (fetch) => createNovasendClient({ apiKey: 'k', apiClient: 'c', baseUrl: 'http://x.test', fetch }),
};

const SPECS: Record<Slug, OpenApiDocument> = {
  'chari-money': chariMoneySpec,
  'chari-pay': chariPaySpec,
  'haloubi-gateway': haloubiSpec,
  alyapay: alyapaySpec,
  novasend: novasendSpec,
};

const SLUGS = Object.keys(CASES) as Slug[];

describe.each(SLUGS)('%s documented errors', (slug) => {
  test.each(CASES[slug].map((c) => [`${c[1]} ${c[0]} [${c[4]}]`, c] as const))('%s', async (_, c) => {
    const [call, status, wire, type, code, message, text] = c;
    const [method, path] = call.split(' ') as [string, string];
    const fake = fakeFetch([{ status, body: wire }]);
    const client = CLIENTS[slug](fake.fetch) as Record<string, AnyCall>;
    const pathParams = Object.fromEntries([...path.matchAll(/\{([^}]+)\}/g)].map(([, name]) => [name, 'x1']));
    const body = method === 'GET' || method === 'DELETE' ? {} : { body: {} };
    const send = client[method.toLowerCase()];
    if (!send) throw new Error(`the ${slug} client has no ${method} method`);
    const error = await send(path, { params: { path: pathParams }, ...body, maxRetries: 0 }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(type);
    expect(error).toMatchObject({ provider: slug, status, code, providerMessage: message, retries: 0, method, path });
    expect((error as Error).message).toBe(text);
    expect(fake.requests).toHaveLength(1);
  });

  test('every error example the spec documents has a written expectation here', () => {
    const covered = new Set(CASES[slug].map(([, status, wire]) => `${status} ${JSON.stringify(wire)}`));
    const documented = new OperationIndex(SPECS[slug])
      .available()
      .flatMap((op) => op.responses.filter((r) => Number(r.status) >= 400))
      .flatMap((r) => (r.body?.examples ?? []).map((e) => `${r.status} ${JSON.stringify(e.value)}`));
    expect(documented.length).toBeGreaterThan(0);
    expect([...new Set(documented)].filter((key) => !covered.has(key))).toEqual([]);
  });
});

test('an undocumented error body still maps by status, without a code', async () => {
  const fake = fakeFetch([{ status: 502, body: '<html>Bad Gateway</html>' }]);
  const client = createChariPayClient({ secretKey: 'k', baseUrl: 'http://x.test', fetch: fake.fetch, maxRetries: 0 });
  const error = (await client.get('/v1/payments').catch((e: unknown) => e)) as ServerError;
  expect(error).toBeInstanceOf(ServerError);
  expect(error.code).toBeUndefined();
  expect(error.message).toBe('chari-pay answered 502 on GET /v1/payments.');
});

/**
 * A sandbox answers a missing or wrong credential with the documented code. [call, headers, status, where the code
 * is in the body, code]; a missing credential and a wrong one are separate rows where the provider documents both.
 */
const CREDENTIAL_CASES: [Slug, string, Record<string, string>, number, string[], string | number][] = [
  ['chari-money', 'GET /api/customers/status?phoneNumber=212600000000', {}, 401, ['errorCode'], 401],
  [
    'chari-money',
    'GET /api/customers/status?phoneNumber=212600000000',
    { 'chari-api-key': 'wrong' },
    401,
    ['errorCode'],
    401,
  ],
  ['chari-pay', 'GET /v1/payments', {}, 401, ['error', 'code'], 'invalid_api_key'],
  ['chari-pay', 'GET /v1/payments', { authorization: 'Bearer wrong' }, 401, ['error', 'code'], 'invalid_api_key'],
  ['haloubi-gateway', 'GET /api/v1/transactions', {}, 401, ['error', 'code'], 'missing_api_key'],
  ['haloubi-gateway', 'GET /api/v1/transactions', { 'x-api-key': 'wrong' }, 401, ['error', 'code'], 'invalid_api_key'],
  ['alyapay', 'POST /api/v1/public/sessions', {}, 401, ['error'], 'INVALID_API_KEY'],
  ['alyapay', 'POST /api/v1/public/sessions', { 'x-api-key': 'wrong' }, 401, ['error'], 'INVALID_API_KEY'],
  ['alyapay', 'GET /api/v1/public/transactions/tx_1/status', {}, 401, ['error'], 'INVALID_SESSION_TOKEN'],
  ['novasend', 'GET /v1/payin/REF-1', {}, 401, ['code'], 'UNAUTHORIZED'],
  ['novasend', 'GET /v1/payin/REF-1', { authorization: 'Basic d3Jvbmc6d3Jvbmc=' }, 401, ['code'], 'UNAUTHORIZED'],
];

describe('sandboxes answer a missing or wrong credential with the documented code', () => {
  const sandboxes = new Map<Slug, RunningSandbox>();
  beforeAll(async () => {
    for (const slug of SLUGS) sandboxes.set(slug, await startSandbox(slug));
  });
  afterAll(async () => {
    for (const sandbox of sandboxes.values()) await sandbox.close();
  });

  test.each(
    CREDENTIAL_CASES.map((c) => [`${c[0]} ${c[1]} ${Object.keys(c[2]).length ? 'wrong' : 'missing'}`, c] as const),
  )('%s', async (_, [slug, call, headers, status, where, code]) => {
    const [method, path] = call.split(' ') as [string, string];
    const sandbox = sandboxes.get(slug);
    if (!sandbox) throw new Error(`no ${slug} sandbox`);
    const response = await fetch(`${sandbox.url}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...headers },
      body: method === 'POST' ? '{}' : undefined,
    });
    const body: unknown = await response.json();
    const found = where.reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], body);
    expect({ status: response.status, code: found }).toEqual({ status, code });
  });
});
