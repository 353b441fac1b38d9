'use strict';
// paycontracts ships ES modules only. package.json points every entry's "require" condition here so that
// require('paycontracts') fails with what to do, instead of Node's ERR_PACKAGE_PATH_NOT_EXPORTED.
const error = new Error(
  "paycontracts is ESM-only: use `import { … } from 'paycontracts'` in an ES module, or `await import('paycontracts')` " +
    '(or any paycontracts/<entry>) from CommonJS. require() is not supported.',
);
error.code = 'ERR_REQUIRE_ESM';
throw error;
